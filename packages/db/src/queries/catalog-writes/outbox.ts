import { outboxEvents } from '../../schema/outbox';
import type { Executor } from './executor';

/** An integration event as the outbox stores it; the relay wraps it in the public envelope. */
export interface OutboxEvent {
  id: string;
  type: string;
  version: number;
  aggregateType: string;
  aggregateId: string;
  data: unknown;
  occurredAt: Date;
}

// 7 parameters a row; Postgres takes at most 65,535 parameters in one statement.
const EVENTS_PER_STATEMENT = 5_000;

/**
 * Appends events in the caller's transaction: they exist if and only if the change commits. (A
 * fact with no change of its own, an export, is one statement: the database itself will do.)
 */
export async function appendOutboxEvents(tx: Executor, events: readonly OutboxEvent[]): Promise<void> {
  for (let start = 0; start < events.length; start += EVENTS_PER_STATEMENT) {
    await tx.insert(outboxEvents).values(events.slice(start, start + EVENTS_PER_STATEMENT));
  }
}
