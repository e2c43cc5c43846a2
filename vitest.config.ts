import { cloudflareTest } from '@cloudflare/vitest-plugin';
import { defineConfig } from 'vitest/config';
import integrationBindings from './tests/setup/integration-bindings.json' with { type: 'json' };

export default defineConfig({
  test: {
    projects: [
      {
        // Worker code runs where it runs in production: inside workerd, reaching Postgres
        // through the Neon driver and the local bridge the global setup starts.
        plugins: [
          cloudflareTest(({ inject }) => ({
            wrangler: { configPath: './wrangler.toml' },
            miniflare: {
              bindings: {
                ENVIRONMENT: 'test',
                DATABASE_URL: inject('databaseUrl'),
                DATABASE_WS_PROXY: inject('databaseWsProxy'),
                LOG_LEVEL: 'warn',
                // The catalog cache on, against the stand-in the global setup starts. Invalidation
                // reaches every isolate on its next read, and a loaded machine is not an outage.
                UPSTASH_REDIS_REST_URL: inject('upstashRedisUrl'),
                UPSTASH_REDIS_REST_TOKEN: inject('upstashRedisToken'),
                CATALOG_VERSION_CHECK_MS: '0',
                CATALOG_CACHE_TIMEOUT_MS: '1000',
                CATALOG_CACHE_PREFIX: inject('catalogCachePrefix'),
                RATE_LIMIT_PREFIX: inject('rateLimitPrefix'),
                // Identity emails go through the real SDK to the Resend stand-in.
                RESEND_API_KEY: inject('resendApiKey'),
                RESEND_BASE_URL: inject('resendUrl'),
                // Payments through the real SDK to the Stripe stand-in; webhooks signed with this secret.
                STRIPE_SECRET_KEY: inject('stripeSecretKey'),
                STRIPE_WEBHOOK_SECRET: inject('stripeWebhookSecret'),
                STRIPE_BASE_URL: inject('stripeUrl'),
                // QStash through the real SDK to the stand-in; no EVENT_ROUTES, so nothing is
                // relayed unless a suite routes events itself (tests/api/events).
                QSTASH_URL: inject('qstashUrl'),
                QSTASH_TOKEN: inject('qstashToken'),
                // Every suite calls from one address; the front door's own suite sets its limits.
                RATE_LIMIT_ANONYMOUS_PER_MINUTE: '1000000',
                RATE_LIMIT_KEY_PER_MINUTE: '1000000',
                ...integrationBindings,
              },
            },
          })),
        ],
        test: {
          name: 'workers',
          include: ['workers/**/*.test.ts', 'tests/api/**/*.test.ts'],
          // A file's first request loads the whole Worker into workerd (about 5 s on our loaded
          // 2-core machines); the 5 s default timed out whichever test paid for it.
          testTimeout: 20_000,
          globalSetup: [
            'tests/setup/database.ts',
            'tests/setup/upstash-redis.ts',
            'tests/setup/resend.ts',
            'tests/setup/stripe.ts',
            'tests/setup/qstash.ts',
            'tests/setup/docs-ui.ts',
          ],
        },
      },
      {
        test: {
          name: 'node',
          include: ['packages/**/*.test.ts', 'tests/node/**/*.test.ts'],
          environment: 'node',
          testTimeout: 20_000,
          // Starting an embedded PGlite in a hook takes seconds alone and more on a loaded machine.
          hookTimeout: 60_000,
        },
      },
      {
        // A real browser (Debian's chromium through playwright-core) against the real Worker,
        // with every request that leaves 127.0.0.1 blocked: /docs must work offline. It runs
        // after the other projects: Chromium, a second workerd and a PGlite starting beside them
        // on 2 cores pushed the node project's database start-ups past their 10 s hook timeout.
        test: {
          name: 'browser',
          sequence: { groupOrder: 1 },
          include: ['tests/browser/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 120_000,
          globalSetup: ['tests/setup/docs-ui.ts'],
        },
      },
    ],
  },
});
