import { createExecutionContext, createScheduledController, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { catalogWrites, type Database } from '@edge-commerce/db';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import worker from '../../../workers/api/src/index';
import { newMessageId, postSigned, uniqueSuffix, withDatabase } from './catalog-test-kit';
import { productItem } from './pim-fixtures';
import { buildWorld, pricedVariant } from './storefront-fixtures';

// PROCESSED_MESSAGES_RETENTION_DAYS is not set for the suite: its default, 90 days, applies.
const RETENTION_DAYS = 90;

async function runCron(): Promise<void> {
  const ctx = createExecutionContext();
  await worker.scheduled(createScheduledController({ cron: '* * * * *' }), env, ctx);
  await waitOnExecutionContext(ctx);
}

/** Records message ids as processed `ageDays` ago (fractional days allowed). */
async function recordProcessed(db: Database, entries: { id: string; ageDays: number }[]): Promise<void> {
  await db.execute(sql`
    insert into processed_messages (message_id, source, kind, result, processed_at)
    select e.id, 'qstash', 'pim.products', '{"status":200}'::jsonb, now() - make_interval(secs => e.age * 86400)
    from jsonb_to_recordset(${JSON.stringify(entries.map(({ id, ageDays }) => ({ id, age: ageDays })))}::jsonb)
      as e(id text, age float8)`);
}

async function stillRecorded(db: Database, ids: readonly string[]): Promise<string[]> {
  const { rows } = await db.execute<{ message_id: string }>(sql`
    select message_id from processed_messages
    where message_id in (select jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb))
    order by message_id`);
  return rows.map((row) => row.message_id);
}

describe('processed message retention', () => {
  it('the cron deletes message ids older than the window and keeps recent ones', async () => {
    const run = uniqueSuffix();
    const old = [`qstash:old-a-${run}`, `qstash:old-b-${run}`];
    const recent = [`qstash:recent-a-${run}`, `qstash:recent-b-${run}`];
    await withDatabase((db) =>
      recordProcessed(db, [
        { id: old[0] ?? '', ageDays: RETENTION_DAYS + 30 },
        { id: old[1] ?? '', ageDays: RETENTION_DAYS + 0.01 },
        { id: recent[0] ?? '', ageDays: RETENTION_DAYS - 0.01 },
        { id: recent[1] ?? '', ageDays: 0 },
      ]),
    );

    await runCron();

    expect(await withDatabase((db) => stillRecorded(db, [...old, ...recent]))).toEqual([...recent].sort());
  });

  it('a redelivery inside the window is still replayed after the cron ran', async () => {
    const messageId = newMessageId();
    const body = { products: [productItem(`retained-${uniqueSuffix()}`, 1)] };
    const first = await postSigned('/v1/integrations/pim/products', body, { messageId });
    expect(first.status).toBe(200);
    const firstBody = await first.text();
    // Recorded a day short of the window: the oldest a kept entry can be.
    await withDatabase((db) =>
      db.execute(sql`update processed_messages set processed_at = now() - make_interval(days => ${RETENTION_DAYS - 1})
        where message_id = ${`qstash:${messageId}`}`),
    );

    await runCron();

    const again = await postSigned('/v1/integrations/pim/products', body, { messageId });
    expect(again.status).toBe(200);
    expect(again.headers.get('Idempotent-Replayed')).toBe('true');
    expect(await again.text()).toBe(firstBody);
  });

  it('the same cron run still refreshes listings whose price windows moved on', async () => {
    const world = await buildWorld([
      { key: 'cron-tee', title: 'Cron Tee', variants: [pricedVariant({ size: 'M' }, 2500)] },
    ]);
    const productId = world.idOf('cron-tee');
    const expired = `qstash:cron-old-${uniqueSuffix()}`;
    await withDatabase(async (db) => {
      await recordProcessed(db, [{ id: expired, ageDays: RETENTION_DAYS + 1 }]);
      // As if a window had closed since the row was written.
      await db.execute(sql`update product_listings set fresh_until = now() - interval '1 second',
        offers = jsonb_set(offers, '{USD,min}', '1') where product_id = ${productId}`);
    });

    await runCron();

    const { rows } = await withDatabase((db) =>
      db.execute<{ fresh: boolean; min: number }>(sql`
        select fresh_until > now() as fresh, (offers -> 'USD' ->> 'min')::int as min
        from product_listings where product_id = ${productId}`),
    );
    expect(rows[0]).toEqual({ fresh: true, min: 2500 });
    expect(await withDatabase((db) => stillRecorded(db, [expired]))).toEqual([]);
  });

  it('deletes in bounded batches, oldest first', async () => {
    const run = uniqueSuffix();
    // Far older than anything other suites record, so these five are the oldest rows there are.
    const ids = Array.from({ length: 5 }, (_, index) => ({
      id: `qstash:ancient-${index}-${run}`,
      ageDays: 4000 - index,
    }));
    await withDatabase((db) => recordProcessed(db, ids));

    const deleted = await withDatabase((db) =>
      catalogWrites.deleteExpiredProcessedMessages(db, {
        retentionDays: RETENTION_DAYS,
        batchSize: 2,
        maxBatches: 2,
      }),
    );

    expect(deleted).toBe(4);
    expect(
      await withDatabase((db) =>
        stillRecorded(
          db,
          ids.map((entry) => entry.id),
        ),
      ),
    ).toEqual([`qstash:ancient-4-${run}`]);
  });
});
