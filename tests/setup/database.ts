import type { TestProject } from 'vitest/node';
import {
  applyMigrations,
  type DatabaseStack,
  freePort,
  redactUrl,
  seedApiKeys,
  startDatabaseStack,
} from '../../packages/devstack/src/index';
import { partnerKeys } from './integration-credentials';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
    databaseWsProxy: string;
  }
}

let stack: DatabaseStack | undefined;

/**
 * Starts the database the Worker suite runs against: a fresh in-memory PGlite by default, or
 * the server `DATABASE_URL` names (CI runs the suite once each way). Migrations are applied
 * and the test partner keys stored either way, and the Worker gets the bridge address as a binding.
 */
export async function setup(project: TestProject): Promise<void> {
  stack = await startDatabaseStack({
    databaseUrl: process.env.DATABASE_URL || undefined,
    embeddedDataDir: 'memory',
    embeddedPort: await freePort(),
    bridgePort: await freePort(),
  });
  await applyMigrations({ url: stack.databaseUrl, wsProxy: stack.wsProxy });
  // The partner keys the tests call with, stored as the admin API stores keys (ADR 22).
  await seedApiKeys(
    { url: stack.databaseUrl, wsProxy: stack.wsProxy },
    partnerKeys.map((partner) => ({
      name: `test ${partner.partner}`,
      holder: partner.partner,
      scopes: partner.scopes,
      key: partner.key,
    })),
  );
  project.provide('databaseUrl', stack.databaseUrl);
  project.provide('databaseWsProxy', stack.wsProxy);
  console.log(
    `[workers suite] database: ${stack.kind} (${redactUrl(stack.databaseUrl)}) via ${stack.wsProxy}`,
  );
}

export async function teardown(): Promise<void> {
  await stack?.stop();
}
