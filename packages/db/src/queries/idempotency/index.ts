import { sql } from 'drizzle-orm';
import type { Database } from '../../client';
import { type DeleteBatches, deleteExpiredRows } from '../batched-delete';
import type { Executor } from '../catalog-writes/executor';

/** How long a key and its answer are kept: a day, as Stripe keeps them. */
export const IDEMPOTENCY_KEY_HOURS = 24;

/**
 * A claim with no answer after this long was abandoned (its Worker died between its effect and
 * keeping the answer): the next use takes it over. No request runs this long on Workers.
 */
const ABANDONED_AFTER_SECONDS = 60;

export type IdempotencyClaim =
  /** The key is this request's now (new, or taken over from an expired one): run it. */
  | { claimed: true }
  /** The key was sent before: with what, and its answer (null while the first still runs). */
  | { claimed: false; requestHash: string; response: string | null };

/**
 * Claims a key for a request, in one statement: a new key, one older than a day (expired), or
 * one claimed over a minute ago and never answered (abandoned), becomes this request's; otherwise the first request's hash and answer are read.
 * Of two requests racing with one key, the insert lets exactly one claim it.
 */
export async function claimIdempotencyKey(
  db: Executor,
  id: string,
  requestHash: string,
): Promise<IdempotencyClaim> {
  const { rows } = await db.execute<{ claimed: boolean; request_hash: string; response: string | null }>(sql`
    with claimed as (
      insert into idempotency_keys (id, request_hash)
      values (${id}, ${requestHash})
      on conflict (id) do update set request_hash = excluded.request_hash, response = null, created_at = now()
      where idempotency_keys.created_at < now() - make_interval(hours => ${IDEMPOTENCY_KEY_HOURS})
         or (idempotency_keys.response is null
             and idempotency_keys.created_at < now() - make_interval(secs => ${ABANDONED_AFTER_SECONDS}))
      returning id)
    select true as claimed, null as request_hash, null as response from claimed
    union all
    select false, k.request_hash, k.response from idempotency_keys k
    where k.id = ${id} and not exists (select 1 from claimed)`);
  const [row] = rows;
  // Neither claimed nor found: it expired and was deleted between the two; a retry claims it.
  if (!row) return { claimed: false, requestHash: requestHash, response: null };
  if (row.claimed) return { claimed: true };
  return { claimed: false, requestHash: row.request_hash, response: row.response };
}

/** Keeps the first answer of the request that claimed the key. */
export async function keepIdempotentResponse(db: Executor, id: string, response: string): Promise<void> {
  await db.execute(sql`update idempotency_keys set response = ${response} where id = ${id}`);
}

/** Lets the key go (the request failed in a way a retry should try again): its next use runs anew. */
export async function releaseIdempotencyKey(db: Executor, id: string): Promise<void> {
  await db.execute(sql`delete from idempotency_keys where id = ${id} and response is null`);
}

/** Deletes keys older than a day, oldest first, in batches; returns how many went. */
export async function deleteExpiredIdempotencyKeys(db: Database, batches: DeleteBatches): Promise<number> {
  return deleteExpiredRows(
    db,
    {
      table: 'idempotency_keys',
      key: 'id',
      time: 'created_at',
      cutoff: sql`now() - make_interval(hours => ${IDEMPOTENCY_KEY_HOURS})`,
    },
    batches,
  );
}
