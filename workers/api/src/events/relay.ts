import { type Database, events } from '@edge-commerce/db';
import type { EventEnvelope } from '@edge-commerce/domain';
import type { Config } from '../config';
import { withJobLease } from '../scheduled/job-lease';
import { messagesOf, publishMessages } from './publish-messages';
import { qstashClientFor } from './qstash-client';

// 100 events per page. A run stops taking pages after its budget, well inside the job lease;
// what is left waits for the next kick or the cron.
const PAGE_SIZE = 100;
const BUDGET_MS = 20_000;

/** What one relay run did; `undefined` from `relayPendingEvents` when another run holds the lease. */
export interface RelayOutcome {
  events: number;
  messages: number;
}

/** The envelope of API-CONVENTIONS.md, as every destination receives it. */
export function envelopeOf(event: events.PendingEvent): EventEnvelope {
  return {
    id: event.id,
    type: event.type,
    version: event.version,
    occurredAt: event.occurredAt,
    sequence: event.sequence,
    aggregate: { type: event.aggregateType, id: event.aggregateId },
    data: event.data,
  };
}

/**
 * Publishes the outbox's pending events to QStash in the order they were recorded, then marks
 * them published and records each message (ADR 33). One run at a time (a job lease), so one
 * aggregate's events are published in order. A run that dies between publishing and marking
 * leaves the events pending: the next run publishes them again under the same deduplication ids,
 * which QStash drops. Without QSTASH_TOKEN or routes it does nothing and the events wait in the outbox.
 */
export async function relayPendingEvents(
  { db, config }: { db: Database; config: Config },
  { budgetMs = BUDGET_MS }: { budgetMs?: number } = {},
): Promise<RelayOutcome | undefined> {
  const client = await qstashClientFor(config);
  // No routes: nobody is waiting for events; they stay pending until routes are configured.
  if (!client || Object.keys(config.EVENT_ROUTES).length === 0) return { events: 0, messages: 0 };
  return withJobLease(db, 'relay-events', async () => {
    const deadline = Date.now() + budgetMs;
    const outcome: RelayOutcome = { events: 0, messages: 0 };
    while (Date.now() < deadline) {
      const pending = await events.pendingEvents(db, PAGE_SIZE);
      if (pending.length === 0) break;
      const messages = pending.flatMap((event) => messagesOf(envelopeOf(event), config.EVENT_ROUTES));
      const published = await publishMessages(client, config, messages);
      await events.recordPublished(
        db,
        pending.map((event) => event.id),
        published,
      );
      outcome.events += pending.length;
      outcome.messages += published.length;
      if (pending.length < PAGE_SIZE) break;
    }
    return outcome;
  });
}
