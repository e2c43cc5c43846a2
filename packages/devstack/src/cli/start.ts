/**
 * `npm start`: the whole local stack in one process tree. Postgres (embedded PGlite unless
 * DATABASE_URL names a server), the WebSocket bridge, migrations and demo data, then the
 * Worker under wrangler dev (workerd). Ctrl-C stops everything it started. The Upstash Redis
 * stand-in (embedded store unless REDIS_URL names a Redis) backs the Worker's catalog cache. The
 * Worker's credentials (admin key, partner keys, QStash signing keys, Resend key, Stripe keys) are
 * those documented in .dev.vars.example, except any the developer's own .dev.vars sets. The Resend
 * stand-in takes the Worker's emails and lists them on its page; the Stripe stand-in takes its
 * payments and sends Stripe's signed webhooks back to it; the QStash stand-in takes its
 * integration events and delivers them, signed, to the local partners, which list what they got.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { vendorDocsUi } from '../docs-ui/vendor';
import { PORT_VARIABLES, readLocalStackConfig, redactUrl } from '../local-config';
import { credentialVarsToPass, type LocalCredentials, readLocalCredentials } from '../local-credentials';
import { formatLocalStackMap } from '../local-map';
import { localEventRoutes } from '../partners/local-routes';
import { type Partners, startPartners } from '../partners/server';
import { assertPortFree, PortInUseError } from '../ports';
import { applyMigrations } from '../postgres/migrate';
import { type QStashStandIn, startQStashStandIn } from '../qstash/server';
import { type ResendStandIn, startResendStandIn } from '../resend/server';
import { seedApiKeys } from '../seed/api-keys';
import { seedDemoData } from '../seed/demo';
import { type DatabaseStack, REPOSITORY_ROOT, startDatabaseStack } from '../stack';
import { DEFAULT_STAND_IN_SECRET_KEY, type StripeStandIn, startStripeStandIn } from '../stripe/server';
import { startNewCatalogVersion } from '../upstash-redis/catalog-version';
import { startUpstashRedis, type UpstashRedis } from '../upstash-redis/server';

const config = readLocalStackConfig();
let stack: DatabaseStack | undefined;
let wrangler: ChildProcess | undefined;
let upstashRedis: UpstashRedis | undefined;
let resend: ResendStandIn | undefined;
let stripe: StripeStandIn | undefined;
let qstash: QStashStandIn | undefined;
let partners: Partners | undefined;
let stopping = false;

async function main(): Promise<void> {
  // Read before anything starts, so a broken .dev.vars.example or .dev.vars stops us up front.
  const credentials = readLocalCredentials();
  await assertPortFree(config.apiPort, 'API Worker', PORT_VARIABLES.apiPort);
  await assertPortFree(config.bridgePort, 'Postgres WebSocket bridge', PORT_VARIABLES.bridgePort);
  await assertPortFree(config.upstashRedisPort, 'Upstash Redis stand-in', PORT_VARIABLES.upstashRedisPort);
  await assertPortFree(config.resendPort, 'Resend stand-in', PORT_VARIABLES.resendPort);
  await assertPortFree(config.stripePort, 'Stripe stand-in', PORT_VARIABLES.stripePort);
  await assertPortFree(config.qstashPort, 'QStash stand-in', PORT_VARIABLES.qstashPort);
  await assertPortFree(config.partnersPort, 'local partners', PORT_VARIABLES.partnersPort);
  if (!config.databaseUrl) {
    await assertPortFree(
      config.embeddedPostgresPort,
      'embedded Postgres',
      PORT_VARIABLES.embeddedPostgresPort,
    );
  }

  step('starting Postgres');
  stack = await startDatabaseStack({
    databaseUrl: config.databaseUrl,
    embeddedDataDir: config.embeddedDataDir,
    embeddedPort: config.embeddedPostgresPort,
    bridgePort: config.bridgePort,
  });
  const target = { url: stack.databaseUrl, wsProxy: stack.wsProxy };
  step('applying migrations');
  await applyMigrations(target);
  step('seeding demo data');
  const seeded = await seedDemoData(target);
  const keys = await seedApiKeys(target, credentials.partnerKeys);
  step(
    `seeded: ${seeded.marketsInserted} new markets, ${seeded.productsInserted} new products, ${keys} new partner keys (existing rows are left as they are)`,
  );

  step(`starting the Upstash Redis stand-in${config.redisUrl ? ' (backed by REDIS_URL)' : ''}`);
  upstashRedis = await startUpstashRedis({
    port: config.upstashRedisPort,
    token: config.upstashRedisToken,
    redisUrl: config.redisUrl,
  });
  // The database may have changed while the stack was down: nothing cached before may answer.
  await startNewCatalogVersion(upstashRedis.url, upstashRedis.token);

  step('starting the Resend stand-in (mail capture)');
  resend = await startResendStandIn({
    port: config.resendPort,
    apiKey: credentials.variables.RESEND_API_KEY,
  });
  // A developer's own key in .dev.vars is for Resend itself, or for the RESEND_BASE_URL they set.
  const resendVars = credentials.overridden.includes('RESEND_API_KEY')
    ? []
    : ['--var', `RESEND_BASE_URL:${resend.url}`];

  step('starting the Stripe stand-in (payments)');
  // A developer's own key in .dev.vars is for Stripe's test mode itself: the stand-in then idles.
  const ownStripeKey = credentials.overridden.includes('STRIPE_SECRET_KEY');
  stripe = await startStripeStandIn({
    port: config.stripePort,
    secretKey: ownStripeKey ? DEFAULT_STAND_IN_SECRET_KEY : credentials.variables.STRIPE_SECRET_KEY,
    // The route a later change adds; until then deliveries get 404 and are retried, then dropped.
    webhooks: [
      {
        url: `http://127.0.0.1:${config.apiPort}/v1/integrations/stripe/webhooks`,
        secret: credentials.variables.STRIPE_WEBHOOK_SECRET,
      },
    ],
  });
  const stripeVars = ownStripeKey ? [] : ['--var', `STRIPE_BASE_URL:${stripe.url}`];

  step('starting the QStash stand-in and the local partners (integration events)');
  // Signed with the keys the Worker verifies inbound deliveries with, so a partner's message
  // through the stand-in reaches the API as QStash's would.
  const signingKeys = {
    current: credentials.qstashCurrentSigningKey,
    next: credentials.qstashNextSigningKey,
  };
  qstash = await startQStashStandIn({
    port: config.qstashPort,
    token: config.qstashToken,
    currentSigningKey: signingKeys.current,
    nextSigningKey: signingKeys.next,
  });
  partners = await startPartners({
    port: config.partnersPort,
    signingKeys,
    // The local CRM pushes its messages to the API through the stand-in (`/_control/crm/push`).
    qstash: { url: qstash.url, token: qstash.token },
    apiUrl: `http://127.0.0.1:${config.apiPort}`,
  });
  const qstashVars = [
    ['QSTASH_URL', qstash.url],
    ['QSTASH_TOKEN', qstash.token],
    ['EVENT_ROUTES', JSON.stringify(localEventRoutes(partners.url, `http://127.0.0.1:${config.apiPort}`))],
    // QStash reports each delivery back to the API here (ADR 33).
    ['PUBLIC_API_URL', `http://127.0.0.1:${config.apiPort}`],
  ].flatMap(([name, value]) => ['--var', `${name}:${value}`]);

  // `npm install` copied it already; again here, so that /docs never serves a stale bundle.
  vendorDocsUi();
  step('starting the Worker (wrangler dev)');
  wrangler = spawn(
    join(REPOSITORY_ROOT, 'node_modules', '.bin', 'wrangler'),
    [
      'dev',
      '--ip',
      '127.0.0.1',
      '--port',
      String(config.apiPort),
      '--persist-to',
      join(REPOSITORY_ROOT, '.data', 'wrangler'),
      '--show-interactive-dev-session=false',
      '--var',
      'ENVIRONMENT:development',
      '--var',
      `DATABASE_URL:${stack.databaseUrl}`,
      '--var',
      `DATABASE_WS_PROXY:${stack.wsProxy}`,
      '--var',
      `UPSTASH_REDIS_REST_URL:${upstashRedis.url}`,
      '--var',
      `UPSTASH_REDIS_REST_TOKEN:${upstashRedis.token}`,
      ...resendVars,
      ...stripeVars,
      ...qstashVars,
      // wrangler dev lets --var win over .dev.vars: only what the developer's file leaves unset.
      ...credentialVarsToPass(credentials).flatMap(([name, value]) => ['--var', `${name}:${value}`]),
    ],
    // Its own process group, so Ctrl-C reaches workerd through us and we stop it in order.
    {
      cwd: REPOSITORY_ROOT,
      stdio: ['ignore', 'inherit', 'inherit'],
      detached: true,
      // Offline-friendly: no usage metrics upload from a developer's machine.
      env: { ...process.env, WRANGLER_SEND_METRICS: 'false' },
    },
  );
  wrangler.on('exit', (code, signal) => {
    if (stopping) return;
    console.error(`wrangler dev exited (${signal ?? `code ${code}`}); stopping the stack.`);
    void shutdown(code ?? 1);
  });

  await waitForHealth(`http://127.0.0.1:${config.apiPort}/v1/health`);
  printMap(stack, credentials);
}

async function waitForHealth(url: string): Promise<void> {
  const deadline = Date.now() + 90_000;
  let last = 'no answer yet';
  while (Date.now() < deadline) {
    if (stopping) return;
    try {
      const response = await fetch(url);
      if (response.ok) return;
      last = `${response.status} ${await response.text()}`;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`The Worker did not become healthy at ${url} within 90 s (last: ${last}).`);
}

function printMap(database: DatabaseStack, credentials: LocalCredentials): void {
  const postgres =
    database.kind === 'embedded'
      ? `${database.databaseUrl}  (embedded PGlite, data in ${config.embeddedDataDir}; reset: npm run db:reset)`
      : `${redactUrl(database.databaseUrl)}  (external, from DATABASE_URL)`;
  const redisBackend =
    upstashRedis?.backend === 'redis' ? `backed by ${redactUrl(config.redisUrl ?? '')}` : 'embedded store';
  console.log(
    formatLocalStackMap({
      apiOrigin: `http://127.0.0.1:${config.apiPort}`,
      postgres,
      wsProxy: database.wsProxy,
      redis: `${upstashRedis?.url ?? '-'}    (Upstash stand-in, ${redisBackend}; token ${config.upstashRedisToken})`,
      mail: credentials.overridden.includes('RESEND_API_KEY')
        ? `${resend?.url ?? '-'}    (Resend stand-in, idle: your .dev.vars sets RESEND_API_KEY)`
        : `${resend?.url ?? '-'}    (Resend stand-in: every email the API sent; JSON at /sent)`,
      payments: credentials.overridden.includes('STRIPE_SECRET_KEY')
        ? `${stripe?.url ?? '-'}    (Stripe stand-in, idle: your .dev.vars sets STRIPE_SECRET_KEY)`
        : `${stripe?.url ?? '-'}    (Stripe stand-in, test mode, in memory: the Worker's STRIPE_BASE_URL)`,
      events: [
        `${qstash?.url ?? '-'}    (QStash stand-in, in memory: the Worker's QSTASH_URL; token ${config.qstashToken})`,
        `${partners?.url ?? '-'}/    what each partner received (pim, wms, crm, analytics, marketing)`,
      ],
      credentials,
    }),
  );
}

async function shutdown(exitCode: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  step('stopping');
  if (wrangler?.pid !== undefined && wrangler.exitCode === null) {
    const exited = new Promise((resolve) => wrangler?.once('exit', resolve));
    signalGroup(wrangler.pid, 'SIGTERM');
    const killed = setTimeout(
      () => wrangler?.pid !== undefined && signalGroup(wrangler.pid, 'SIGKILL'),
      5_000,
    );
    await exited;
    clearTimeout(killed);
  }
  await qstash
    ?.stop()
    .catch((error: unknown) => console.error('could not stop the QStash stand-in cleanly:', error));
  await partners
    ?.stop()
    .catch((error: unknown) => console.error('could not stop the local partners cleanly:', error));
  await stripe
    ?.stop()
    .catch((error: unknown) => console.error('could not stop the Stripe stand-in cleanly:', error));
  await resend
    ?.stop()
    .catch((error: unknown) => console.error('could not stop the Resend stand-in cleanly:', error));
  await upstashRedis
    ?.stop()
    .catch((error: unknown) => console.error('could not stop the Upstash Redis stand-in cleanly:', error));
  await stack?.stop().catch((error: unknown) => console.error('could not stop Postgres cleanly:', error));
  process.exit(exitCode);
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
}

function step(message: string): void {
  console.log(`[start] ${message}`);
}

process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));

main().catch(async (error: unknown) => {
  console.error(error instanceof PortInUseError ? `\n${error.message}\n` : error);
  await shutdown(1);
});
