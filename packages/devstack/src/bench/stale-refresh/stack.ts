import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DatabaseTarget } from '../../postgres/connect';
import { newQStashSigningKey } from '../../qstash';
import { REPOSITORY_ROOT } from '../../stack';
import { distinctFreePorts, startBenchCatalog } from '../bench-catalog';
import { bundleWorker } from '../bundle';
import type { Cleanup } from '../cleanup';
import { serveWorkerd } from '../serve';
import { resolveWorkerd } from '../workerd-binary';
import { workerdConfig } from '../workerd-config';

export interface CronBenchStack {
  target: DatabaseTarget;
  databaseKind: 'embedded' | 'external';
  /** The API Worker, with signed PIM deliveries accepted under `signingKey`. */
  apiUrl: string;
  signingKey: string;
  /** Each request starts one scheduled event of the API Worker and answers when it is over. */
  cronUrl: string;
  /** workerd's output: the Worker's log lines, the cron job's included. */
  workerdLogPath: string;
  workerdVersion: string;
}

// The stale-listing job's caps, passed to the Worker when set (ADR 16): measuring another batch
// size is `STALE_LISTINGS_BATCH_SIZE=1000 npm run bench:stale-refresh`.
const PASSED_THROUGH = [
  'STALE_LISTINGS_BATCH_SIZE',
  'STALE_LISTINGS_BATCHES_PER_RUN',
  'STALE_LISTINGS_RUN_BUDGET_MS',
] as const;

/**
 * The bench's stack (`npm run bench`'s database, catalog, Redis and bundle, served by workerd)
 * plus a socket that starts the cron's scheduled event, and QStash signing keys so that PIM
 * batches can be delivered.
 */
export async function startCronBenchStack(
  { products, benchDir }: { products: number; benchDir: string },
  cleanup: Cleanup,
  progress: (line: string) => void,
): Promise<CronBenchStack> {
  const workerd = resolveWorkerd();
  await mkdir(benchDir, { recursive: true });
  const workDir = await mkdtemp(join(tmpdir(), 'edge-commerce-cron-bench-'));
  cleanup.add(() => rm(workDir, { recursive: true, force: true }));
  const [embeddedPort = 0, bridgePort = 0, apiPort = 0, baselinePort = 0, redisPort = 0, cronPort = 0] =
    await distinctFreePorts(6);

  const { database, target, redis } = await startBenchCatalog(
    {
      products,
      benchDir,
      // The cron and the PIM writer each hold one connection for the run: nothing to pool.
      pooler: 'none',
      ports: { embedded: embeddedPort, bridge: bridgePort, redis: redisPort, pooler: 0 },
    },
    cleanup,
    progress,
  );

  progress('Bundling the Worker with wrangler deploy --dry-run…');
  const bundleDir = join(workDir, 'bundle');
  const bundle = await bundleWorker(bundleDir);
  const durableObjectsDir = join(workDir, 'durable-objects');
  await mkdir(durableObjectsDir);
  const signingKey = newQStashSigningKey();
  const caps = Object.fromEntries(
    PASSED_THROUGH.flatMap((name) => (process.env[name] ? [[name, process.env[name] ?? '']] : [])),
  );
  const configPath = join(bundleDir, 'workerd.capnp');
  await writeFile(
    configPath,
    workerdConfig({
      wranglerToml: await readFile(join(REPOSITORY_ROOT, 'wrangler.toml'), 'utf8'),
      wranglerDir: REPOSITORY_ROOT,
      modules: bundle.modules,
      bindings: {
        DATABASE_URL: database.databaseUrl,
        DATABASE_WS_PROXY: database.wsProxy,
        ENVIRONMENT: 'development',
        // The cron job's summary line (runs, batches, listings) is read back from the log.
        LOG_LEVEL: 'info',
        UPSTASH_REDIS_REST_URL: redis.url,
        UPSTASH_REDIS_REST_TOKEN: redis.token,
        QSTASH_CURRENT_SIGNING_KEY: signingKey,
        QSTASH_NEXT_SIGNING_KEY: newQStashSigningKey(),
        RATE_LIMIT_ANONYMOUS_PER_MINUTE: '0',
        RATE_LIMIT_KEY_PER_MINUTE: '0',
        ...caps,
      },
      apiAddress: `127.0.0.1:${apiPort}`,
      baselineAddress: `127.0.0.1:${baselinePort}`,
      cronTriggerAddress: `127.0.0.1:${cronPort}`,
      durableObjectStorage: { kind: 'disk', path: durableObjectsDir },
    }),
  );

  const workerdLogPath = join(benchDir, 'workerd-stale-refresh.log');
  progress(`Serving with ${workerd.version} (log: ${workerdLogPath})…`);
  const apiUrl = `http://127.0.0.1:${apiPort}`;
  const served = await serveWorkerd({
    binary: workerd.path,
    configPath,
    logPath: workerdLogPath,
    // The cron trigger's service binding calls scheduled(), which workerd keeps behind it.
    experimental: true,
    // The cron socket is not probed: a request to it runs the job.
    readyUrls: [`${apiUrl}/v1/health`, `http://127.0.0.1:${baselinePort}`],
  });
  cleanup.add(() => served.stop());
  return {
    target,
    databaseKind: database.kind,
    apiUrl,
    signingKey,
    cronUrl: `http://127.0.0.1:${cronPort}/`,
    workerdLogPath,
    workerdVersion: workerd.version,
  };
}
