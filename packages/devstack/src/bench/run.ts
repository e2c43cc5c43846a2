import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../ports';
import { applyMigrations } from '../postgres/migrate';
import { seedDemoData } from '../seed/demo';
import { REPOSITORY_ROOT, startDatabaseStack } from '../stack';
import { startUpstashRedis } from '../upstash-redis/server';
import { bundleWorker } from './bundle';
import type { Cleanup } from './cleanup';
import { measure } from './measure';
import type { BenchOptions } from './options';
import { packageVersion } from './package-version';
import { type BenchPoint, type BenchReport, type BenchSetup, describeSetup, withRatios } from './report';
import { BASELINE, selectScenarios } from './scenarios';
import { serveWorkerd } from './serve';
import { resolveWorkerd } from './workerd-binary';
import { workerdConfig } from './workerd-config';

export const BENCH_DIR = join(REPOSITORY_ROOT, '.bench');
// Request logs would make the runtime's stdout part of what is measured.
const WORKER_LOG_LEVEL = 'warn';

// freePort() probes and releases, so two calls in a row can name the same port.
async function distinctFreePorts(count: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < count) ports.add(await freePort());
  return [...ports];
}

/** Brings the stack up, measures every scenario at every connection count, and returns the report. */
export async function runBench(
  options: BenchOptions,
  cleanup: Cleanup,
  progress: (line: string) => void,
): Promise<BenchReport> {
  const scenarios = selectScenarios(options.scenarioFilters);
  const loadAverageBefore = loadavg()[0] ?? 0;
  const workerd = resolveWorkerd();
  await mkdir(BENCH_DIR, { recursive: true });
  const workDir = await mkdtemp(join(tmpdir(), 'edge-commerce-bench-'));
  cleanup.add(() => rm(workDir, { recursive: true, force: true }));

  const [embeddedPort = 0, bridgePort = 0, apiPort = 0, baselinePort = 0, upstashRedisPort = 0] =
    await distinctFreePorts(5);
  progress('Starting the database and applying migrations…');
  const database = await startDatabaseStack({
    databaseUrl: process.env.DATABASE_URL || undefined,
    embeddedDataDir: 'memory',
    embeddedPort,
    bridgePort,
  });
  cleanup.add(() => database.stop());
  // The catalog cache's Redis, so warm scenarios measure the real cache path (ADR 6).
  const upstashRedis = await startUpstashRedis({
    port: upstashRedisPort,
    token: crypto.randomUUID(),
    redisUrl: process.env.REDIS_URL || undefined,
  });
  cleanup.add(() => upstashRedis.stop());
  const target = { url: database.databaseUrl, wsProxy: database.wsProxy };
  await applyMigrations(target);
  // Idempotent, and it gives read scenarios the same rows `npm start` has.
  await seedDemoData(target);

  progress('Bundling the Worker with wrangler deploy --dry-run…');
  const bundleDir = join(workDir, 'bundle');
  const bundle = await bundleWorker(bundleDir);
  const durableObjectsDir = join(workDir, 'durable-objects');
  await mkdir(durableObjectsDir);
  const configPath = join(bundleDir, 'workerd.capnp');
  await writeFile(
    configPath,
    workerdConfig({
      wranglerToml: await readFile(join(REPOSITORY_ROOT, 'wrangler.toml'), 'utf8'),
      modules: bundle.modules,
      bindings: {
        DATABASE_URL: database.databaseUrl,
        DATABASE_WS_PROXY: database.wsProxy,
        ENVIRONMENT: 'development',
        LOG_LEVEL: WORKER_LOG_LEVEL,
        UPSTASH_REDIS_REST_URL: upstashRedis.url,
        UPSTASH_REDIS_REST_TOKEN: upstashRedis.token,
      },
      apiAddress: `127.0.0.1:${apiPort}`,
      baselineAddress: `127.0.0.1:${baselinePort}`,
      // On disk, as in production: in-memory storage has no SQL API and skips SQLite's writes.
      durableObjectStorage: { kind: 'disk', path: durableObjectsDir },
    }),
  );

  progress(`Serving with ${workerd.version} (log: .bench/workerd.log)…`);
  const urls = { api: `http://127.0.0.1:${apiPort}`, baseline: `http://127.0.0.1:${baselinePort}` };
  const served = await serveWorkerd({
    binary: workerd.path,
    configPath,
    logPath: join(BENCH_DIR, 'workerd.log'),
    readyUrls: [urls.api, urls.baseline],
  });
  cleanup.add(() => served.stop());

  const points: Omit<BenchPoint, 'ratioToBaseline'>[] = [];
  for (const connections of options.connections) {
    for (const scenario of scenarios) {
      const url = urls[scenario.target];
      if (options.warmupSeconds > 0) await measure(url, scenario, connections, options.warmupSeconds);
      const measured = await measure(url, scenario, connections, options.durationSeconds);
      progress(
        `  ${scenario.name} c=${connections}: ${Math.round(measured.requestsPerSecond)} req/s, ` +
          `${measured.errors} errors, ${measured.unexpectedStatus} unexpected statuses`,
      );
      points.push({
        scenario: scenario.name,
        method: scenario.method,
        path: scenario.path,
        connections,
        ...measured,
      });
    }
  }

  const setup: BenchSetup = {
    workerdVersion: workerd.version,
    workerdPackageVersion: workerd.packageVersion,
    wranglerVersion: bundle.wranglerVersion,
    autocannonVersion: packageVersion(join(REPOSITORY_ROOT, 'node_modules', 'autocannon')),
    database: database.kind,
    catalogCacheRedis: upstashRedis.backend,
    cores: cpus().length,
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown CPU',
    nodeVersion: process.versions.node,
    durationSeconds: options.durationSeconds,
    warmupSeconds: options.warmupSeconds,
    workerLogLevel: WORKER_LOG_LEVEL,
    loadAverageBefore,
  };
  return {
    generatedAt: new Date().toISOString(),
    header: describeSetup(setup),
    setup,
    points: withRatios(points, BASELINE.name),
  };
}
