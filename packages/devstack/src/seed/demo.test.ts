import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../ports';
import { connectFromNode } from '../postgres/connect';
import { applyMigrations } from '../postgres/migrate';
import { type DatabaseStack, startDatabaseStack } from '../stack';
import { seedDemoData } from './demo';

let stack: DatabaseStack;
const target = () => ({ url: stack.databaseUrl, wsProxy: stack.wsProxy });

beforeAll(async () => {
  stack = await startDatabaseStack({
    embeddedDataDir: 'memory',
    embeddedPort: await freePort(),
    bridgePort: await freePort(),
  });
});

afterAll(async () => {
  await stack.stop();
});

async function snapshot(): Promise<unknown[]> {
  const { db, close } = connectFromNode(target());
  try {
    const result = await db.execute(sql`select * from markets order by id`);
    return result.rows;
  } finally {
    await close();
  }
}

describe('migrations and demo seed on the embedded Postgres', () => {
  it('applies migrations twice without error', async () => {
    await applyMigrations(target());
    await applyMigrations(target());
  });

  it('seeds once; a second run changes nothing, not even timestamps', async () => {
    const first = await seedDemoData(target());
    expect(first.marketsInserted).toBe(3);
    const before = await snapshot();

    const second = await seedDemoData(target());
    expect(second.marketsInserted).toBe(0);
    expect(await snapshot()).toEqual(before);
  });

  it('leaves a developer edit to a seeded row in place', async () => {
    const { db, close } = connectFromNode(target());
    try {
      await db.execute(sql`update markets set name = 'USA (edited)' where id = 'mkt_us'`);
    } finally {
      await close();
    }
    await seedDemoData(target());
    expect(await snapshot()).toContainEqual(expect.objectContaining({ id: 'mkt_us', name: 'USA (edited)' }));
  });
});
