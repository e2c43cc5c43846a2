import type { FlowMeasurement } from './checkout-flow';
import type { ProfileLine } from './cpu-profile';
import type { Measurement } from './measure';
import type { WriterReport } from './pim-writer';
import type { RelayMeasurement } from './relay-flow';
import type { TargetCheck } from './targets';

export interface BenchPoint extends Measurement {
  scenario: string;
  method: string;
  path: string;
  connections: number;
  /** req/s divided by the baseline's req/s at the same connection count. */
  ratioToBaseline: number | null;
  /**
   * SQL statements (round trips) of the scenario's first and second request, from the API's
   * `Server-Timing` header: a cached route shows its miss then its hit, e.g. 1 then 0.
   */
  sqlStatements: [number, number] | null;
  /** The writes sent beside the load, for scenarios that have a writer. */
  writer?: WriterReport;
  /**
   * Times the API's catalog cache gave up on Redis (a call over CATALOG_CACHE_TIMEOUT_MS, or an
   * error) while the point was measured, from workerd's log: each sends reads to Postgres.
   */
  catalogCacheFallbacks?: number;
  /** With --profile: where the loaded isolate's CPU went while the point was measured. */
  profile?: { file: string; top: ProfileLine[] };
}

/** A flow (several requests per shopper, checkout-flow.ts) at one shopper count. */
export interface FlowPoint extends FlowMeasurement {
  flow: string;
  /** With --profile: the API's CPU profile over the flow, its file and top functions. */
  profile?: BenchPoint['profile'];
}

/** The relay flow (issue 12), with the baseline its figures are read against. */
export interface RelayPoint extends RelayMeasurement {
  /** The hello-world baseline of the same run, at one connection (else its fewest). */
  baseline: { connections: number; requestsPerSecond: number; p50Ms: number } | null;
  /** With --profile: the relaying isolate's CPU over each part, by `<instance>-<part>`. */
  profiles?: Record<string, NonNullable<BenchPoint['profile']>>;
}

export interface BenchSetup {
  workerdVersion: string;
  workerdPackageVersion: string;
  wranglerVersion: string;
  autocannonVersion: string;
  database: 'embedded' | 'external';
  /** Whether the external PostgreSQL was reached through PgBouncer, as Neon's pooled endpoint. */
  databasePooler?: 'pgbouncer' | 'none';
  /** What backs the Upstash Redis stand-in the catalog cache talks to. */
  catalogCacheRedis: 'embedded' | 'redis';
  cores: number;
  cpuModel: string;
  nodeVersion: string;
  durationSeconds: number;
  warmupSeconds: number;
  workerLogLevel: string;
  durableObjectStorage: 'tmpfs' | 'disk';
  /** Products in the generated catalog the catalog scenarios read. */
  catalogProducts: number;
  /** CATALOG_CACHE_TIMEOUT_MS as overridden by --cache-timeout; null: the API's own. */
  catalogCacheTimeoutMs?: number | null;
  /** Whether the API's payments went to the Stripe stand-in (the checkout flow ran). */
  stripeStandIn?: boolean;
  /** Whether the relay flow ran (QStash stand-in and partners, the relaying API instances). */
  relayStandIns?: boolean;
  /** Other work on the machine takes cores from both client and server; read figures with it. */
  loadAverageBefore: number;
}

export interface BenchReport {
  generatedAt: string;
  header: string;
  setup: BenchSetup;
  points: BenchPoint[];
  /** The flows measured beside the points: the checkout (issue 11). */
  flows: FlowPoint[];
  /** The relay flow (issue 12), when it ran. */
  relay: RelayPoint | null;
  /** The issues' performance targets whose scenarios ran, passed or failed. */
  targets: TargetCheck[];
}

/** A point whose figures must not be read at face value. */
export function hasProblems(point: BenchPoint): boolean {
  return point.errors > 0 || point.unexpectedStatus > 0;
}

export function withRatios(points: Omit<BenchPoint, 'ratioToBaseline'>[], baseline: string): BenchPoint[] {
  return points.map((point) => {
    const base = points.find((p) => p.scenario === baseline && p.connections === point.connections);
    const ratio =
      base && base.requestsPerSecond > 0 ? point.requestsPerSecond / base.requestsPerSecond : null;
    return { ...point, ratioToBaseline: ratio };
  });
}

export function describeSetup(setup: BenchSetup): string {
  const database =
    setup.database === 'embedded'
      ? 'embedded PGlite kept in .bench/ (one Postgres session shared by all connections)'
      : setup.databasePooler === 'pgbouncer'
        ? "external PostgreSQL from DATABASE_URL through PgBouncer (transaction pooling, as Neon's pooled endpoint)"
        : 'external PostgreSQL from DATABASE_URL, no pooler (every connection forks a backend)';
  return (
    `Worker bundled by wrangler ${setup.wranglerVersion} deploy --dry-run, served by ${setup.workerdVersion} ` +
    `(npm workerd ${setup.workerdPackageVersion}) directly with a capnp config generated from wrangler.toml ` +
    `(not Miniflare), LOG_LEVEL=${setup.workerLogLevel} so request logs are off; baseline = hello-world Worker ` +
    `in the same workerd; actor floor = two Durable Object calls and two SQLite writes per request in the same ` +
    `workerd (actor-floor.ts); database: ${database} via the local WebSocket bridge, holding the generated ` +
    `${setup.catalogProducts}-product catalog; Durable Objects (carts, inventory) served by the same workerd, ` +
    `SQLite-backed, ${
      setup.durableObjectStorage === 'tmpfs'
        ? 'their files on tmpfs (/dev/shm: SQLite without the fsync per commit, --do-storage disk for that)'
        : "their files on disk in the run's temporary folder (an fsync per commit)"
    }; cold scenarios hit a second instance of the bundle without ` +
    `cache bindings; catalog cache: Upstash ` +
    `Redis stand-in (${setup.catalogCacheRedis === 'redis' ? 'backed by REDIS_URL' : 'embedded store'}) in a ` +
    `process of its own, behind the Worker's in-isolate LRU and Cache API` +
    (setup.catalogCacheTimeoutMs == null
      ? ''
      : ` (CATALOG_CACHE_TIMEOUT_MS=${setup.catalogCacheTimeoutMs}, set by --cache-timeout for diagnosis)`) +
    `; client: autocannon ` +
    `${setup.autocannonVersion} in-process, ${setup.durationSeconds} s per point after ${setup.warmupSeconds} s ` +
    `warm-up` +
    (setup.stripeStandIn
      ? `; checkout flow: shoppers on Node's fetch in-process, each flow back to back for as long, payments ` +
        `confirmed by the Stripe stand-in in a process of its own`
      : '') +
    (setup.relayStandIns
      ? `; relay flow: instances of the bundle of their own with QSTASH_TOKEN, QSTASH_URL and EVENT_ROUTES (the ` +
        `others relay nothing), no PUBLIC_API_URL (no delivery callbacks), publishing with the real SDK to the ` +
        `QStash stand-in, which delivers to the local partners (verifying with the real Receiver), both in a ` +
        `process of their own; pending events of the other points marked published first`
      : '') +
    `; machine: ${setup.cores} cores (${setup.cpuModel}), Node ${setup.nodeVersion}, client and server ` +
    `sharing them, 1-min load average ${setup.loadAverageBefore.toFixed(2)} before the run.`
  );
}

export function fixed(value: number, digits: number): string {
  return Number.isFinite(value) ? value.toFixed(digits) : '-';
}

function ratio(value: number | null): string {
  if (value === null) return '-';
  return value >= 0.1 ? value.toFixed(2) : value.toPrecision(2);
}

export function formatTable(points: BenchPoint[]): string {
  const header = [
    'scenario',
    'conns',
    'req/s',
    'p50 ms',
    'p99 ms',
    'p99.9 ms',
    'x baseline',
    'SQL 1st/2nd',
    'SQL/s',
    'errors/non-2xx',
  ];
  const rows = points.map((point) => [
    point.scenario,
    String(point.connections),
    fixed(point.requestsPerSecond, 0),
    fixed(point.p50Ms, 2),
    fixed(point.p99Ms, 2),
    fixed(point.p999Ms, 2),
    ratio(point.ratioToBaseline),
    point.sqlStatements ? point.sqlStatements.join('/') : '-',
    point.sqlStatements ? fixed(sqlPerSecond(point), 1) : '-',
    `${point.errors}/${point.non2xx}${hasProblems(point) ? ' !' : ''}`,
  ]);
  return textTable(header, rows);
}

/** Columns padded to their widest cell: the first to the left, the figures to the right. */
export function textTable(header: string[], rows: string[][]): string {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => row[column]?.length ?? 0)),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, column) =>
        column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0),
      )
      .join('  ');
  return [line(header), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.map(line)].join('\n');
}

/** Statements per second of the load and, where there is one, of its writer. */
function sqlPerSecond(point: BenchPoint): number {
  return point.sqlStatementsPerSecond + (point.writer?.sqlStatementsPerSecond ?? 0);
}

/** One line per scenario with a writer: what its writes got while the load ran. */
export function describeWriters(points: BenchPoint[]): string[] {
  return points.flatMap((point) =>
    point.writer
      ? [
          `${point.scenario} at ${point.connections} connections: ${point.writer.ok}/${point.writer.writes} PIM ` +
            `writes answered 200, p50 ${fixed(point.writer.p50Ms, 1)} ms, p99 ${fixed(point.writer.p99Ms, 1)} ms, ` +
            `${fixed(point.writer.sqlStatementsPerSecond, 1)} statements/s; reads ${fixed(point.sqlStatementsPerSecond, 1)} statements/s`,
        ]
      : [],
  );
}

/**
 * One line per point during which the catalog cache gave up on Redis: storefront reads then go
 * to Postgres, carts keep the entries they last believed; the SQL rate says which happened.
 */
export function describeCacheFallbacks(points: BenchPoint[]): string[] {
  return points
    .filter((point) => (point.catalogCacheFallbacks ?? 0) > 0)
    .map(
      (point) =>
        `${point.scenario} at ${point.connections} connections: the catalog cache gave up on Redis ` +
        `${point.catalogCacheFallbacks} times (see .bench/workerd.log); ` +
        `${fixed(point.sqlStatementsPerSecond, 1)} SQL statements/s while measured`,
    );
}

/** With --profile: per profiled point, the functions that held its isolate's CPU, largest first. */
export function describeProfiles(points: BenchPoint[], flows: FlowPoint[] = []): string[] {
  const profiled = [
    ...points.map((point) => ({
      name: `${point.scenario} at ${point.connections} connections`,
      profile: point.profile,
    })),
    ...flows.map((flow) => ({
      name: `the ${flow.flow} flow with ${flow.shoppers} shoppers`,
      profile: flow.profile,
    })),
  ];
  return profiled.flatMap((point) =>
    point.profile
      ? [
          `${point.name}, CPU by function (self time; ${point.profile.file}):`,
          ...point.profile.top.map(
            (line) => `  ${fixed(line.selfShare * 100, 1).padStart(5)}%  ${line.where}`,
          ),
        ]
      : [],
  );
}

/** One line per point that got errors or statuses other than expected, with what it got. */
export function describeProblems(points: BenchPoint[]): string[] {
  return points.filter(hasProblems).map((point) => {
    const statuses = Object.entries(point.statusCounts)
      .map(([status, count]) => `${status}×${count}`)
      .join(', ');
    return (
      `! ${point.scenario} at ${point.connections} connections: ${point.errors} errors ` +
      `(${point.timeouts} timeouts), ${point.unexpectedStatus} unexpected statuses [${statuses || 'none'}]`
    );
  });
}
