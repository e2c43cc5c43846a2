import { sql } from 'drizzle-orm';
import type { Database } from '../../client';
import { stripeEvents } from '../../schema/stripe-events';
import { type DeleteBatches, deleteExpiredRows } from '../batched-delete';
import type { Executor } from '../catalog-writes/executor';

/** A verified Stripe event, as the receiver records it (ADR 27). */
export interface StripeEventRecord {
  /** `evt_…` */
  id: string;
  type: string;
  /** `data.object.id` (`pi_…`, `ch_…`, `re_…`), null for an object without one. */
  objectId: string | null;
  apiVersion: string | null;
  livemode: boolean;
  /** The event's `created`, from Stripe's unix seconds. */
  createdAt: Date;
  /** The whole event as it was sent. */
  payload: unknown;
}

/**
 * Records a verified event unless its id is recorded already, in the caller's transaction, and
 * says whether this was its first record: `true` means the caller applies the event's effect in
 * the same transaction; `false` means an earlier delivery did (or is doing so and committed while
 * this one waited), and nothing more may happen. One statement: a concurrent delivery of the same
 * id waits on the first one's uncommitted row and then finds it (or, if that transaction rolled
 * back, inserts it itself), so however many race, exactly one transaction gets `true` and commits.
 */
export async function recordStripeEvent(tx: Executor, event: StripeEventRecord): Promise<boolean> {
  const inserted = await tx
    .insert(stripeEvents)
    .values({
      id: event.id,
      type: event.type,
      objectId: event.objectId,
      apiVersion: event.apiVersion,
      livemode: event.livemode,
      createdAt: event.createdAt,
      payload: event.payload,
    })
    .onConflictDoNothing({ target: stripeEvents.id })
    .returning({ id: stripeEvents.id });
  return inserted.length === 1;
}

/** Whether an event with this id was recorded already (one probe of the primary key). */
export async function isStripeEventRecorded(db: Executor, eventId: string): Promise<boolean> {
  const { rows } = await db.execute(sql`select 1 from stripe_events where id = ${eventId}`);
  return rows.length > 0;
}

export interface StripeEventRetention extends DeleteBatches {
  /** Events received longer ago than this are deleted. */
  retentionDays: number;
}

/**
 * Deletes events received longer ago than the retention window, oldest first, in batches through
 * the `received_at` index, skipping rows a delivery holds, and returns how many went. Not in a
 * transaction: every batch commits on its own.
 */
export async function deleteExpiredStripeEvents(
  db: Database,
  { retentionDays, batchSize, maxBatches }: StripeEventRetention,
): Promise<number> {
  return deleteExpiredRows(
    db,
    {
      table: 'stripe_events',
      key: 'id',
      time: 'received_at',
      cutoff: sql`now() - make_interval(days => ${retentionDays}::int)`,
    },
    { batchSize, maxBatches },
  );
}
