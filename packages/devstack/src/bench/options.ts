import { parseArgs } from 'node:util';

export interface BenchOptions {
  durationSeconds: number;
  warmupSeconds: number;
  /** Connection counts asked for; null: every count a selected scenario runs at. */
  connections: number[] | null;
  scenarioFilters: string[];
  /** Size of the generated catalog the catalog scenarios read. */
  products: number;
  /**
   * Overrides the API's CATALOG_CACHE_TIMEOUT_MS (a diagnosis: what a route costs when an
   * overloaded isolate does not make its Redis calls overrun the bound and fall back to Postgres).
   */
  cacheTimeoutMs: number | null;
  /**
   * Where the Durable Objects' SQLite files live: a memory-backed folder (the default) or the
   * disk. See DO_STORAGE_NOTE in run.ts for why the default is not the disk.
   */
  durableObjectStorage: 'tmpfs' | 'disk';
  /**
   * What stands between the API and DATABASE_URL's PostgreSQL: PgBouncer (as Neon's pooled
   * endpoint in production), nothing, or PgBouncer when installed (auto, the default).
   */
  pooler: 'auto' | 'pgbouncer' | 'none';
  /** Sample each measured point's isolate through workerd's inspector (cpu-profile.ts). */
  profile: boolean;
  help: boolean;
}

export const USAGE = `Usage: npm run bench -- [options]

  --duration <s>        seconds measured per point (default 8)
  --warmup <s>          seconds of discarded load before each point (default 1, 0 for none)
  --connections <list>  comma-separated connection counts (default: each count a selected scenario
                        runs at: 1,16,64, and 200 for cart-hot-sku)
  --scenario <list>     comma-separated name filters; the baseline always runs
                        (--scenario cart: only the cart scenarios, issue 9; --scenario
                        relay: only the event relay's backlog and latency, issue 12)
  --products <n>        size of the generated catalog (default 50000; kept in .bench/ between runs)
  --cache-timeout <ms>  CATALOG_CACHE_TIMEOUT_MS for the API (default: its own, 100); a diagnosis,
                        stated in the report's header
  --do-storage <kind>   where the Durable Objects' SQLite files live: tmpfs (default, /dev/shm)
                        or disk (the run's temporary folder: every commit waits for an fsync
                        on workerd's one thread)
  --pooler <kind>       with DATABASE_URL: auto (default: PgBouncer in front when installed, as
                        Neon's pooled endpoint is in production), pgbouncer (required) or none
                        (straight to Postgres: every order's connection forks a backend)
  --profile             sample the CPU of the isolate each point loads (workerd's inspector) and
                        report where its time went; profiles in .bench/profiles/ (DevTools opens
                        them). Sampling costs the isolate a little: compare figures without it
  --help

Set DATABASE_URL to benchmark against a real PostgreSQL instead of embedded PGlite.`;

function numberOption(name: string, raw: string, kind: 'integer' | 'seconds' | 'seconds or 0'): number {
  const value = Number(raw);
  const valid =
    Number.isFinite(value) &&
    (kind === 'seconds or 0' ? value >= 0 : value > 0) &&
    (kind !== 'integer' || Number.isInteger(value));
  if (!valid)
    throw new Error(
      `--${name} ${raw}: expected ${kind === 'integer' ? 'a positive integer' : kind}.\n\n${USAGE}`,
    );
  return value;
}

function commaList(raw: string): string[] {
  return raw
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

function poolerKind(raw: string): BenchOptions['pooler'] {
  if (raw === 'auto' || raw === 'pgbouncer' || raw === 'none') return raw;
  throw new Error(`--pooler ${raw}: expected auto, pgbouncer or none.\n\n${USAGE}`);
}

function storageKind(raw: string): BenchOptions['durableObjectStorage'] {
  if (raw === 'tmpfs' || raw === 'disk') return raw;
  throw new Error(`--do-storage ${raw}: expected tmpfs or disk.\n\n${USAGE}`);
}

export function parseBenchOptions(argv: string[]): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      duration: { type: 'string', default: '8' },
      warmup: { type: 'string', default: '1' },
      connections: { type: 'string', default: '' },
      scenario: { type: 'string', default: '' },
      products: { type: 'string', default: '50000' },
      'cache-timeout': { type: 'string', default: '' },
      'do-storage': { type: 'string', default: 'tmpfs' },
      pooler: { type: 'string', default: 'auto' },
      profile: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  return {
    durationSeconds: numberOption('duration', values.duration, 'seconds'),
    warmupSeconds: numberOption('warmup', values.warmup, 'seconds or 0'),
    connections:
      values.connections === ''
        ? null
        : commaList(values.connections).map((raw) => numberOption('connections', raw, 'integer')),
    scenarioFilters: commaList(values.scenario),
    products: numberOption('products', values.products, 'integer'),
    cacheTimeoutMs:
      values['cache-timeout'] === ''
        ? null
        : numberOption('cache-timeout', values['cache-timeout'], 'integer'),
    durableObjectStorage: storageKind(values['do-storage']),
    pooler: poolerKind(values.pooler),
    profile: values.profile,
    help: values.help,
  };
}
