import { cloudflareTest } from '@cloudflare/vitest-plugin';
import { defineConfig } from 'vitest/config';

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
              },
            },
          })),
        ],
        test: {
          name: 'workers',
          include: ['workers/**/*.test.ts', 'tests/api/**/*.test.ts'],
          globalSetup: ['tests/setup/database.ts'],
        },
      },
      {
        test: {
          name: 'node',
          include: ['packages/**/*.test.ts', 'tests/node/**/*.test.ts'],
          environment: 'node',
          testTimeout: 20_000,
        },
      },
    ],
  },
});
