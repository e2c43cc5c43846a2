import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../ports';
import { connectFromNode } from '../postgres/connect';
import { applyMigrations } from '../postgres/migrate';
import { type DatabaseStack, startDatabaseStack } from '../stack';
import { DEMO_PRODUCT_COUNT, seedDemoData } from './demo';

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

async function catalogCounts(): Promise<Record<string, unknown>> {
  const { db, close } = connectFromNode(target());
  try {
    const result = await db.execute(sql`
      select (select count(*) from products) as products,
             (select count(*) from variants) as variants,
             (select string_agg(distinct currency, ',' order by currency) from prices) as currencies,
             (select count(*) from categories where parent_id is not null) as child_categories,
             (select count(*) from variants v where not exists (select 1 from prices p where p.variant_id = v.id)) as variants_without_price,
             (select max(updated_at) from products) as last_update`);
    return result.rows[0] ?? {};
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
    expect(first).toEqual({ marketsInserted: 3, productsInserted: DEMO_PRODUCT_COUNT });
    const before = await snapshot();
    const countsBefore = await catalogCounts();

    const second = await seedDemoData(target());
    expect(second).toEqual({ marketsInserted: 0, productsInserted: 0 });
    expect(await snapshot()).toEqual(before);
    expect(await catalogCounts()).toEqual(countsBefore);
  });

  it('makes a realistic demo catalog: 200+ products, variants with options, prices in 3 currencies, a category tree', async () => {
    const counts = await catalogCounts();
    expect(Number(counts.products)).toBeGreaterThanOrEqual(200);
    expect(Number(counts.variants)).toBeGreaterThan(Number(counts.products));
    expect(counts.currencies).toBe('EUR,GBP,USD');
    expect(Number(counts.child_categories)).toBeGreaterThan(0);
    expect(Number(counts.variants_without_price)).toBe(0);
  });

  it('extends the same catalog when asked for more products', async () => {
    const more = await seedDemoData(target(), { products: DEMO_PRODUCT_COUNT + 10 });
    expect(more.productsInserted).toBe(10);
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
