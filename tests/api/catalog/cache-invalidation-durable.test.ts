import { createExecutionContext, createScheduledController, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { type Database, schema } from '@edge-commerce/db';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_MARKETS } from '../../../packages/devstack/src/seed/markets';
import worker from '../../../workers/api/src/index';
import { unresponsiveUrl } from './cache-kit';
import { insertCategory } from './catalog-rows';
import { newMessageId, postSigned, uniqueSuffix, withDatabase } from './catalog-test-kit';
import { productItem } from './pim-fixtures';
import { storefrontJson } from './storefront-fixtures';

const PIM_PRODUCTS = '/v1/integrations/pim/products';

/**
 * The test Worker as it is on a bad day: its Redis does not answer, and whatever it leaves to
 * waitUntil is never awaited (the context is dropped), as when the isolate dies right after
 * answering. Its commits still land in the same database as everyone's.
 */
async function dyingWorker(url: string, init: RequestInit): Promise<Response> {
  const bindings = { ...env, UPSTASH_REDIS_REST_URL: unresponsiveUrl() };
  const fetch = worker.fetch;
  if (!fetch) throw new Error('the Worker has no fetch handler');
  return fetch(
    new Request(url, init) as Request<unknown, IncomingRequestCfProperties>,
    bindings,
    createExecutionContext(),
  );
}

async function runCron(): Promise<void> {
  const ctx = createExecutionContext();
  await worker.scheduled?.(createScheduledController({ cron: '* * * * *' }), env, ctx);
  await waitOnExecutionContext(ctx);
}

async function titleOn(handle: string): Promise<string> {
  return (await storefrontJson<{ title: string }>(`/v1/products/${handle}`)).title;
}

describe('a catalog write whose cache invalidation was lost after its commit', { timeout: 60_000 }, () => {
  // Product pages are priced: some market must exist, as in every deployment.
  beforeAll(() => withDatabase((db) => db.insert(schema.markets).values(DEMO_MARKETS).onConflictDoNothing()));

  it('is invalidated by the redelivery, which takes the replay path', async () => {
    const handle = `lost-${uniqueSuffix()}`;
    await postSigned(PIM_PRODUCTS, { products: [productItem(handle, 1, { title: 'Before' })] });
    expect(await titleOn(handle)).toBe('Before'); // rendered and cached

    const messageId = newMessageId();
    const change = { products: [productItem(handle, 2, { title: 'After' })] };
    const first = await postSigned(PIM_PRODUCTS, change, { messageId, fetcher: dyingWorker });
    expect(first.status).toBe(200); // committed; the bump never reached Redis

    // QStash redelivers (say the answer was lost too): the write is not applied again, but the
    // invalidation it recorded with its commit is published now.
    const redelivered = await postSigned(PIM_PRODUCTS, change, { messageId });
    expect(redelivered.headers.get('Idempotent-Replayed')).toBe('true');
    expect(await titleOn(handle)).toBe('After');
  });

  it('is invalidated by the next cron run when nothing is redelivered', async () => {
    const handle = `lost-cron-${uniqueSuffix()}`;
    await postSigned(PIM_PRODUCTS, { products: [productItem(handle, 1, { title: 'Before' })] });
    expect(await titleOn(handle)).toBe('Before');

    const change = { products: [productItem(handle, 2, { title: 'After' })] };
    expect((await postSigned(PIM_PRODUCTS, change, { fetcher: dyingWorker })).status).toBe(200);

    await runCron();
    expect(await titleOn(handle)).toBe('After');
  });
});

/**
 * Whether `change`, made in a transaction, records a cache invalidation. The listing refresh and
 * everything it triggers run at commit; `SET CONSTRAINTS ALL IMMEDIATE` runs them now, so the
 * transaction's own record can be looked for before anyone could publish it, and then it rolls
 * back, leaving nothing behind.
 */
async function recordsInvalidation(change: (tx: Database) => Promise<unknown>): Promise<boolean> {
  return withDatabase(async (db) => {
    let recorded: boolean | undefined;
    await db
      .transaction(async (tx) => {
        await change(tx as unknown as Database);
        await tx.execute(sql`set constraints all immediate`);
        const { rows } = await tx.execute<{ recorded: boolean }>(
          sql`select exists (select 1 from catalog_cache_invalidations where xact = pg_current_xact_id()) as recorded`,
        );
        recorded = rows[0]?.recorded;
        tx.rollback();
      })
      .catch((error: unknown) => {
        if (recorded === undefined) throw error;
      });
    if (recorded === undefined) throw new Error('the transaction did not get to the check');
    return recorded;
  });
}

async function productIdOf(db: Database, handle: string): Promise<string> {
  const { rows } = await db.execute<{ id: string }>(sql`select id from products where handle = ${handle}`);
  const id = rows[0]?.id;
  if (!id) throw new Error(`no product ${handle}`);
  return id;
}

describe('which writes record a catalog cache invalidation (only what shoppers can see)', () => {
  it('an edit of a draft product, its variants, prices or media records none; of an active one, each does', async () => {
    const suffix = uniqueSuffix();
    const draft = productItem(`draft-${suffix}`, 1, { status: 'draft' });
    const active = productItem(`active-${suffix}`, 1);
    const delivered = await postSigned(PIM_PRODUCTS, { products: [draft, active] });
    expect(delivered.status).toBe(200);

    const [draftId, activeId] = await withDatabase(async (db) =>
      Promise.all([productIdOf(db, draft.handle), productIdOf(db, active.handle)]),
    );
    const edits = {
      title: (id: string) => (tx: Database) =>
        tx.execute(sql`update products set title = 'Renamed' where id = ${id}`),
      variant: (id: string) => (tx: Database) =>
        tx.execute(sql`update variants set title = 'Renamed' where product_id = ${id}`),
      price: (id: string) => (tx: Database) =>
        tx.execute(sql`insert into prices (id, variant_id, currency, amount, pim_version)
          select 'price_' || md5(random()::text), v.id, 'USD', 1234, 1
          from variants v where v.product_id = ${id} limit 1`),
      media: (id: string) => (tx: Database) =>
        tx.execute(sql`update media set alt = 'Renamed' where product_id = ${id}`),
    };
    for (const [name, edit] of Object.entries(edits)) {
      expect(await recordsInvalidation(edit(draftId)), `draft: ${name}`).toBe(false);
      expect(await recordsInvalidation(edit(activeId)), `active: ${name}`).toBe(true);
    }
    // Publishing or withdrawing a product changes the storefront, both ways.
    expect(
      await recordsInvalidation((tx) =>
        tx.execute(sql`update products set status = 'active' where id = ${draftId}`),
      ),
    ).toBe(true);
    expect(
      await recordsInvalidation((tx) =>
        tx.execute(sql`update products set status = 'draft' where id = ${activeId}`),
      ),
    ).toBe(true);
  });

  it('a listing refreshed for a price window that passed records one, as does a category', async () => {
    const active = productItem(`window-${uniqueSuffix()}`, 1);
    await postSigned(PIM_PRODUCTS, { products: [active] });
    const id = await withDatabase((db) => productIdOf(db, active.handle));
    expect(
      await recordsInvalidation((tx) =>
        tx.execute(sql`select storefront_refresh_listings(array[${id}]::text[])`),
      ),
    ).toBe(true);
    expect(await recordsInvalidation((tx) => insertCategory(tx, `cat-${uniqueSuffix()}`))).toBe(true);
  });

  it('a statement that changes no row records nothing', async () => {
    expect(
      await recordsInvalidation((tx) => tx.execute(sql`update categories set name = name where false`)),
    ).toBe(false);
  });
});
