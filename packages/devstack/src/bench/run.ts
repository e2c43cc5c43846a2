import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, open, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { connectFromNode } from '../postgres/connect';
import { newQStashSigningKey } from '../qstash';
import { REPOSITORY_ROOT } from '../stack';
import { newTokenKey } from '../token-key';
import { distinctFreePorts, startBenchCatalog } from './bench-catalog';
import { bundleWorker } from './bundle';
import { type CartFixture, prepareCarts } from './cart-fixture';
import { type CheckoutFixture, prepareCheckout } from './checkout-fixture';
import { measureCheckoutFlow } from './checkout-flow';
import type { Cleanup } from './cleanup';
import { type CpuProfile, profileSummary, startCpuProfile } from './cpu-profile';
import { type BenchCustomer, registerBenchCustomer } from './customer-fixture';
import { kdfWorkerSource } from './kdf-worker';
import { measure } from './measure';
import type { BenchOptions } from './options';
import { packageVersion } from './package-version';
import { startPimWriter } from './pim-writer';
import { measureRelayFlow, type RelayTarget, relayEventRoutes } from './relay-flow';
import { type RelayStandIns, startRelayStandIns } from './relay-process';
import {
  type BenchPoint,
  type BenchReport,
  type BenchSetup,
  describeSetup,
  type FlowPoint,
  type RelayPoint,
  withRatios,
} from './report';
import {
  BASELINE,
  type BenchRequest,
  CHECKOUT_FLOW,
  connectionCounts,
  HOT_SKU_CARTS,
  RELAY_FLOW,
  runsAt,
  type Scenario,
  selectFlows,
  selectScenarios,
} from './scenarios';
import { serveWorkerd } from './serve';
import { startBenchPayments } from './stripe-process';
import { checkTargets } from './targets';
import { resolveWorkerd } from './workerd-binary';
import { workerdConfig } from './workerd-config';

export const BENCH_DIR = join(REPOSITORY_ROOT, '.bench');
// Issue 9's cart scenarios: 1,000 carts over 100 SKUs. Each SKU holds far more than a run can
// reserve (every add takes one more for 15 minutes), so no add runs out of stock.
const CART_COUNT = 1_000;
const CART_SKUS = 100;
const CART_SKU_ON_HAND = 100_000_000;
// Request logs would make the runtime's stdout part of what is measured.
const WORKER_LOG_LEVEL = 'warn';

/**
 * Brings the stack up, measures every scenario at every connection count (and every flow at its
 * shopper counts), and returns the report.
 */
export async function runBench(
  options: BenchOptions,
  cleanup: Cleanup,
  progress: (line: string) => void,
): Promise<BenchReport> {
  const scenarios = selectScenarios(options.scenarioFilters);
  const flows = selectFlows(options.scenarioFilters);
  const loadAverageBefore = loadavg()[0] ?? 0;
  const workerd = resolveWorkerd();
  await mkdir(BENCH_DIR, { recursive: true });
  const workDir = await mkdtemp(join(tmpdir(), 'edge-commerce-bench-'));
  cleanup.add(() => rm(workDir, { recursive: true, force: true }));

  const [
    embeddedPort = 0,
    bridgePort = 0,
    apiPort = 0,
    baselinePort = 0,
    upstashRedisPort = 0,
    uncachedPort = 0,
    unlimitedPort = 0,
    floorPort = 0,
    kdfPort = 0,
    inspectorPort = 0,
    stripePort = 0,
    poolerPort = 0,
    relayPort = 0,
    relayFanoutPort = 0,
    qstashPort = 0,
    partnersPort = 0,
  ] = await distinctFreePorts(16);
  // The catalog cache's Redis runs too, so warm scenarios measure the real cache path (ADR 6).
  const {
    database,
    target: databaseTarget,
    redis: upstashRedis,
    pooler,
  } = await startBenchCatalog(
    {
      products: options.products,
      benchDir: BENCH_DIR,
      pooler: options.pooler,
      ports: { embedded: embeddedPort, bridge: bridgePort, redis: upstashRedisPort, pooler: poolerPort },
    },
    cleanup,
    progress,
  );
  // Signs the writer's PIM deliveries; a key of this run's own, as QStash's would be.
  const qstashSigningKey = newQStashSigningKey();
  // Only the checkout flow pays; without it the API has no payment bindings, as before.
  const paymentBindings = flows.includes(CHECKOUT_FLOW) ? await startBenchPayments(stripePort, cleanup) : {};
  // Only the relay flow publishes events: its instances alone get QStash and routes (below).
  const relay = flows.includes(RELAY_FLOW)
    ? await startRelay(
        { qstashPort, partnersPort, relayPort, relayFanoutPort, signingKey: qstashSigningKey },
        cleanup,
      )
    : undefined;

  progress('Bundling the Worker with wrangler deploy --dry-run…');
  const bundleDir = join(workDir, 'bundle');
  const bundle = await bundleWorker(bundleDir);
  const durableObjectsDir = await durableObjectsFolder(options.durableObjectStorage, workDir, cleanup);
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
        LOG_LEVEL: WORKER_LOG_LEVEL,
        UPSTASH_REDIS_REST_URL: upstashRedis.url,
        UPSTASH_REDIS_REST_TOKEN: upstashRedis.token,
        // Limits on, every request counted, but high enough that the load never reaches them:
        // the bench measures what counting costs, not 429s.
        RATE_LIMIT_ANONYMOUS_PER_MINUTE: '1000000',
        RATE_LIMIT_KEY_PER_MINUTE: '1000000',
        QSTASH_CURRENT_SIGNING_KEY: qstashSigningKey,
        QSTASH_NEXT_SIGNING_KEY: qstashSigningKey,
        TOKEN_SIGNING_KEY: JSON.stringify((await newTokenKey('bench')).privateJwk),
        // The login scenario signs in as fast as it can: its limits would make it a 429 benchmark.
        LOGIN_ATTEMPTS_PER_ACCOUNT: '0',
        LOGIN_ATTEMPTS_PER_ADDRESS: '0',
        ...paymentBindings,
        ...(options.cacheTimeoutMs === null
          ? {}
          : { CATALOG_CACHE_TIMEOUT_MS: String(options.cacheTimeoutMs) }),
      },
      apiAddress: `127.0.0.1:${apiPort}`,
      variants: [
        // Cold scenarios: the same bundle with no catalog cache, so every read renders from Postgres.
        {
          name: 'api-uncached',
          address: `127.0.0.1:${uncachedPort}`,
          withoutBindings: ['UPSTASH_REDIS_REST_URL', 'UPSTASH_REDIS_REST_TOKEN'],
        },
        // The same bundle with rate limits off: what the front door's counting costs warm reads.
        {
          name: 'api-unlimited',
          address: `127.0.0.1:${unlimitedPort}`,
          bindings: { RATE_LIMIT_ANONYMOUS_PER_MINUTE: '0', RATE_LIMIT_KEY_PER_MINUTE: '0' },
        },
        ...(relay?.variants ?? []),
      ],
      baselineAddress: `127.0.0.1:${baselinePort}`,
      actorFloorAddress: `127.0.0.1:${floorPort}`,
      kdf: { address: `127.0.0.1:${kdfPort}`, source: await kdfWorkerSource() },
      // SQLite files, as in production (workerd's in-memory storage has no SQL API), in the
      // folder --do-storage chose.
      durableObjectStorage: { kind: 'disk', path: durableObjectsDir },
    }),
  );

  progress(`Serving with ${workerd.version} (log: .bench/workerd.log)…`);
  const workerdLog = join(BENCH_DIR, 'workerd.log');
  const urls = {
    api: `http://127.0.0.1:${apiPort}`,
    'api-uncached': `http://127.0.0.1:${uncachedPort}`,
    'api-unlimited': `http://127.0.0.1:${unlimitedPort}`,
    baseline: `http://127.0.0.1:${baselinePort}`,
    'actor-floor': `http://127.0.0.1:${floorPort}`,
    kdf: `http://127.0.0.1:${kdfPort}`,
  };
  const served = await serveWorkerd({
    binary: workerd.path,
    configPath,
    logPath: workerdLog,
    readyUrls: [...Object.values(urls), ...(relay?.targets.map((target) => target.url) ?? [])],
    inspectorAddress: options.profile ? `127.0.0.1:${inspectorPort}` : undefined,
  });
  cleanup.add(() => served.stop());

  const points: Omit<BenchPoint, 'ratioToBaseline'>[] = [];
  const statementsByScenario = new Map<string, [number, number] | null>();
  // Made once, before the first point that needs it: the carts, their lines and the stocked SKUs.
  let carts: CartFixture | undefined;
  let customer: BenchCustomer | undefined;
  const flowPoints: FlowPoint[] = [];
  let checkout: CheckoutFixture | undefined;
  // One request source per scenario for the whole run, so that its warm-up and its points go on
  // where the last left off (add-to-cart keeps cycling over carts and SKUs).
  const sources = new Map<string, () => BenchRequest>();
  for (const connections of connectionCounts(options.connections, scenarios, flows)) {
    for (const scenario of scenarios) {
      if (!runsAt(scenario, connections, options.connections)) continue;
      const url = urls[scenario.target];
      let next = sources.get(scenario.name);
      if (scenario.requests && !next) {
        carts ??= await prepareCarts({
          apiUrl: urls.api,
          uncachedApiUrl: urls['api-uncached'],
          signingKey: qstashSigningKey,
          carts: CART_COUNT,
          skus: CART_SKUS,
          hotCarts: HOT_SKU_CARTS,
          onHand: CART_SKU_ON_HAND,
          progress,
        });
        next = scenario.requests(carts);
        sources.set(scenario.name, next);
      }
      if (scenario.customerRequests && !next) {
        customer ??= await registerBenchCustomer(urls.api);
        next = scenario.customerRequests(customer);
        sources.set(scenario.name, next);
      }
      const sqlStatements =
        statementsByScenario.get(scenario.name) ?? (await probeStatements(url, scenario, next?.()));
      statementsByScenario.set(scenario.name, sqlStatements);
      if (options.warmupSeconds > 0) await measure(url, scenario, connections, options.warmupSeconds, next);
      const writer = scenario.writer
        ? startPimWriter({ apiUrl: url, signingKey: qstashSigningKey, intervalMs: 1_000 })
        : undefined;
      const logBefore = await logSize(workerdLog);
      const profiling =
        options.profile && scenario.target !== 'baseline'
          ? await startCpuProfile(`127.0.0.1:${inspectorPort}`, scenario.target)
          : undefined;
      const measured = await measure(url, scenario, connections, options.durationSeconds, next);
      const profile = profiling
        ? await keptProfile(await profiling.stop(), `${scenario.name}-c${connections}`, bundleDir)
        : undefined;
      const catalogCacheFallbacks = await countSince(workerdLog, logBefore, CACHE_FALLBACK);
      const written = await writer?.stop();
      await databaseDrained(urls['api-uncached']);
      progress(
        `  ${scenario.name} c=${connections}: ${Math.round(measured.requestsPerSecond)} req/s, ` +
          `${measured.errors} errors, ${measured.unexpectedStatus} unexpected statuses`,
      );
      points.push({
        scenario: scenario.name,
        method: scenario.method,
        path: scenario.path,
        connections,
        sqlStatements,
        ...measured,
        catalogCacheFallbacks,
        ...(written ? { writer: written } : {}),
        ...(profile ? { profile } : {}),
      });
    }
    // After the points at this count, the baseline's among them: the flows at as many shoppers.
    if (flows.includes(CHECKOUT_FLOW) && CHECKOUT_FLOW.shoppers.includes(connections)) {
      checkout ??= await prepareCheckout({
        apiUrl: urls.api,
        uncachedApiUrl: urls['api-uncached'],
        signingKey: qstashSigningKey,
        progress,
      });
      const profiling = options.profile
        ? await startCpuProfile(`127.0.0.1:${inspectorPort}`, 'api')
        : undefined;
      const measured = await measureCheckoutFlow({
        apiUrl: urls.api,
        fixture: checkout,
        shoppers: connections,
        warmupSeconds: options.warmupSeconds,
        seconds: options.durationSeconds,
      });
      const profile = profiling
        ? await keptProfile(await profiling.stop(), `${CHECKOUT_FLOW.name}-s${connections}`, bundleDir)
        : undefined;
      await databaseDrained(urls['api-uncached']);
      progress(
        `  ${CHECKOUT_FLOW.name} shoppers=${connections}: ${measured.ordersPerSecond.toFixed(1)} orders/s, ` +
          `${measured.errors} errors, ${measured.unexpectedStatus} unexpected answers`,
      );
      flowPoints.push({ flow: CHECKOUT_FLOW.name, ...measured, ...(profile ? { profile } : {}) });
    }
  }

  // Last, so that its 10,000 events and its writes disturb no point; its baseline was measured above.
  let relayPoint: RelayPoint | null = null;
  if (relay) {
    const [steady] = relay.targets;
    if (!steady) throw new Error('No relay instance.');
    const { db, close } = connectFromNode(databaseTarget);
    try {
      const profiles: NonNullable<RelayPoint['profiles']> = {};
      const measured = await measureRelayFlow({
        db,
        standIns: relay.standIns,
        steady,
        backlogs: relay.targets,
        apiUrl: urls.api,
        signingKey: qstashSigningKey,
        warmupSeconds: options.warmupSeconds,
        seconds: options.durationSeconds,
        progress,
        around: async (target, part, work) => {
          if (!options.profile) return work();
          const name = `${target.name}-${part}`;
          const profiling = await startCpuProfile(`127.0.0.1:${inspectorPort}`, target.name);
          const result = await work();
          profiles[name] = await keptProfile(await profiling.stop(), `${RELAY_FLOW.name}-${name}`, bundleDir);
          progress(`  CPU of ${target.name} (${part}; ${profiles[name]?.file}):`);
          for (const line of profiles[name]?.top ?? [])
            progress(`    ${(line.selfShare * 100).toFixed(1).padStart(5)}%  ${line.where}`);
          return result;
        },
      });
      relayPoint = {
        ...measured,
        baseline: relayBaseline(points),
        ...(options.profile ? { profiles } : {}),
      };
    } finally {
      await close();
    }
  }

  const setup: BenchSetup = {
    catalogProducts: options.products,
    catalogCacheTimeoutMs: options.cacheTimeoutMs,
    workerdVersion: workerd.version,
    workerdPackageVersion: workerd.packageVersion,
    wranglerVersion: bundle.wranglerVersion,
    autocannonVersion: packageVersion(join(REPOSITORY_ROOT, 'node_modules', 'autocannon')),
    database: database.kind,
    databasePooler: pooler,
    catalogCacheRedis: upstashRedis.backend,
    cores: cpus().length,
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown CPU',
    nodeVersion: process.versions.node,
    durationSeconds: options.durationSeconds,
    warmupSeconds: options.warmupSeconds,
    workerLogLevel: WORKER_LOG_LEVEL,
    durableObjectStorage: options.durableObjectStorage,
    stripeStandIn: flows.includes(CHECKOUT_FLOW),
    relayStandIns: relay !== undefined,
    loadAverageBefore,
  };
  const measuredPoints = withRatios(points, BASELINE.name);
  return {
    generatedAt: new Date().toISOString(),
    header: describeSetup(setup),
    setup,
    points: measuredPoints,
    flows: flowPoints,
    relay: relayPoint,
    targets: checkTargets(measuredPoints, flowPoints, relayPoint),
  };
}

/** The relay flow's stand-ins and the workerd instances that relay to them. */
interface RelaySetup {
  standIns: RelayStandIns;
  variants: { name: string; address: string; bindings: Record<string, string> }[];
  /** The first publishes the backlog to one partner and takes the steady writes; the second fans out. */
  targets: RelayTarget[];
}

/**
 * Starts the QStash stand-in and the partners, and describes two instances of the API that relay
 * to them: one routing the backlog's events to the analytics partner, one to analytics and the WMS
 * (ordered, as the local stack routes orders). Both send product changes to the PIM partner.
 */
async function startRelay(
  ports: {
    qstashPort: number;
    partnersPort: number;
    relayPort: number;
    relayFanoutPort: number;
    signingKey: string;
  },
  cleanup: Cleanup,
): Promise<RelaySetup> {
  const standIns = await startRelayStandIns(
    { qstashPort: ports.qstashPort, partnersPort: ports.partnersPort, signingKey: ports.signingKey },
    cleanup,
  );
  const instances = [
    { name: 'api-relay', port: ports.relayPort, partners: ['analytics'] as const },
    { name: 'api-relay-fanout', port: ports.relayFanoutPort, partners: ['analytics', 'wms'] as const },
  ];
  return {
    standIns,
    variants: instances.map((instance) => ({
      name: instance.name,
      address: `127.0.0.1:${instance.port}`,
      bindings: {
        QSTASH_URL: standIns.qstashUrl,
        QSTASH_TOKEN: standIns.qstashToken,
        EVENT_ROUTES: JSON.stringify(relayEventRoutes(standIns.partnersUrl, instance.partners)),
      },
    })),
    targets: instances.map((instance) => ({
      name: instance.name,
      url: `http://127.0.0.1:${instance.port}`,
      backlogPartners: instance.partners,
    })),
  };
}

/** The baseline the relay's figures are read against: at one connection, else the fewest measured. */
function relayBaseline(points: Omit<BenchPoint, 'ratioToBaseline'>[]): RelayPoint['baseline'] {
  const baselines = points
    .filter((point) => point.scenario === BASELINE.name)
    .sort((a, b) => a.connections - b.connections);
  const base = baselines.find((point) => point.connections === RELAY_FLOW.shoppers[0]) ?? baselines[0];
  return base
    ? { connections: base.connections, requestsPerSecond: base.requestsPerSecond, p50Ms: base.p50Ms }
    : null;
}

/**
 * The folder for the Durable Objects' SQLite files. On this machine's disk every commit waits for
 * an fsync on workerd's one thread, which then serves nothing else: measured with the actor
 * floor, 265 req/s on disk against 1,577 on tmpfs. Production acknowledges a Durable Object's
 * write once its replicas confirm it, behind the object's output gate, not by blocking the
 * isolate's thread on a local fsync; so tmpfs, which keeps all of SQLite's work but that wait, is
 * the default, and `--do-storage disk` measures the other way.
 */
async function durableObjectsFolder(
  kind: BenchOptions['durableObjectStorage'],
  workDir: string,
  cleanup: Cleanup,
): Promise<string> {
  if (kind === 'disk') {
    const folder = join(workDir, 'durable-objects');
    await mkdir(folder);
    return folder;
  }
  if (!existsSync(MEMORY_FOLDER)) {
    throw new Error(
      `--do-storage tmpfs needs ${MEMORY_FOLDER}; this machine has none: use --do-storage disk.`,
    );
  }
  const folder = await mkdtemp(join(MEMORY_FOLDER, 'edge-commerce-bench-'));
  cleanup.add(() => rm(folder, { recursive: true, force: true }));
  return folder;
}

const MEMORY_FOLDER = '/dev/shm';

/**
 * Writes a point's profile to .bench/profiles/ (Chrome DevTools and VS Code open `.cpuprofile`
 * files) and sums it up against the bundle's source map, which lives only as long as the run.
 */
async function keptProfile(
  profile: CpuProfile,
  name: string,
  bundleDir: string,
): Promise<{ file: string; top: ReturnType<typeof profileSummary> }> {
  const folder = join(BENCH_DIR, 'profiles');
  await mkdir(folder, { recursive: true });
  const file = join(folder, `${name}.cpuprofile`);
  await writeFile(file, JSON.stringify(profile));
  const sourceMap = join(bundleDir, 'index.js.map');
  return {
    file: relative(REPOSITORY_ROOT, file),
    top: profileSummary(profile, existsSync(sourceMap) ? sourceMap : undefined),
  };
}

// What the API logs (at warn) each time its catalog cache gives up on Redis and reads Postgres.
const CACHE_FALLBACK = 'catalog cache: could not';

async function logSize(path: string): Promise<number> {
  const handle = await open(path, 'r');
  try {
    return (await handle.stat()).size;
  } finally {
    await handle.close();
  }
}

/** Lines of the log written since `offset` that contain `text`. */
async function countSince(path: string, offset: number, text: string): Promise<number> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    if (size <= offset) return 0;
    const buffer = Buffer.alloc(size - offset);
    await handle.read(buffer, 0, buffer.length, offset);
    return buffer
      .toString('utf8')
      .split('\n')
      .filter((line) => line.includes(text)).length;
  } finally {
    await handle.close();
  }
}

/**
 * Waits until the database has finished the queries a point left behind. When a point ends,
 * each connection may still have a request in flight, and on the single PGlite session (which
 * runs in this process, beside the client) a slow query backlog would keep working through the
 * next point's warm-up and measurement. A health check queues behind that backlog, so its
 * answer means the database is idle again.
 */
async function databaseDrained(uncachedApi: string): Promise<void> {
  const response = await fetch(`${uncachedApi}/v1/health`, { signal: AbortSignal.timeout(120_000) });
  await response.arrayBuffer();
}

/**
 * The SQL statement counts of two requests in a row, read from the API's Server-Timing header.
 * A scenario whose requests differ sends its next request twice (an add-to-cart adds twice).
 */
async function probeStatements(
  url: string,
  scenario: Scenario,
  request?: BenchRequest,
): Promise<[number, number] | null> {
  if (scenario.target === 'baseline') return null;
  const counts: number[] = [];
  for (const _ of [1, 2]) {
    const response = await fetch(`${url}${request?.path ?? scenario.path}`, {
      method: scenario.method,
      headers: request?.headers ?? scenario.headers,
      body: request ? request.body : scenario.body,
    });
    await response.arrayBuffer();
    const match = /db;desc="(\d+) statements"/.exec(response.headers.get('Server-Timing') ?? '');
    if (!match) return null;
    counts.push(Number(match[1]));
  }
  return [counts[0] ?? 0, counts[1] ?? 0];
}
