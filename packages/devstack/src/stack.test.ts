import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from './ports';
import { connectFromNode } from './postgres/connect';
import { type DatabaseStack, startDatabaseStack } from './stack';

let stack: DatabaseStack;

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

describe('the embedded database stack', () => {
  // The Worker opens one connection per request; the embedded server allows 100 at once, so a
  // connection that outlived its request would make the 101st request fail.
  it('serves many more sequential connections than its concurrent-connection cap', async () => {
    for (let connection = 0; connection < 150; connection++) {
      const { db, close } = connectFromNode({ url: stack.databaseUrl, wsProxy: stack.wsProxy });
      const result = await db.execute(sql`select ${connection}::int as n`);
      expect(result.rows[0]).toEqual({ n: connection });
      await close();
    }
  });
});
