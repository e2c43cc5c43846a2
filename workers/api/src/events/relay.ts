import { type Database, events } from '@edge-commerce/db';
import type { EventEnvelope } from '@edge-commerce/domain';
import type { Config } from '../config';
import { withJobLease } from '../scheduled/job-lease';
import type { EventRoutes } from './event-routes';
import { qstashClientFor } from './qstash-client';

// 100 events per page; each page goes to QStash in batch requests of at most 100 messages (an
// event routed to three destinations is three messages). A run stops taking pages after its
// budget, well inside the job lease; what is left waits for the next kick or the cron.
const PAGE_SIZE = 100;
const BATCH_SIZE = 100;
const BUDGET_MS = 20_000;

/** What one relay run did; `undefined` from `relayPendingEvents` when another run holds the lease. */
export interface RelayOutcome {
  events: number;
  messages: number;
}

type QStashMessage = {
  url: string;
  body: EventEnvelope;
  deduplicationId: string;
  flowControl?: { key: string; parallelism: number };
};

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
 * The QStash messages of one event: one per destination whose route takes its type. The
 * deduplication id is the event id and the destination, so publishing the event again (a relay
 * that died before marking it) is accepted by QStash and not delivered twice. An ordered
 * destination gets a flow-control key per aggregate with parallelism 1: one order's events reach
 * the WMS one at a time, in the order they were published.
 */
export function messagesOf(event: events.PendingEvent, routes: EventRoutes): QStashMessage[] {
  const envelope = envelopeOf(event);
  return Object.entries(routes)
    .filter(([, route]) => (route.events as readonly string[]).includes(event.type))
    .map(([destination, route]) => ({
      url: route.url,
      body: envelope,
      deduplicationId: `${event.id}.${destination}`,
      ...(route.ordered
        ? {
            flowControl: {
              key: `${destination}.${event.aggregateType}.${event.aggregateId}`,
              parallelism: 1,
            },
          }
        : {}),
    }));
}

/**
 * Publishes the outbox's pending events to QStash, oldest first, and marks them published once
 * QStash has taken them (ADR 33). One run at a time (a job lease), so one aggregate's events are
 * published in the order they were recorded. A run that dies between publishing and marking
 * leaves the events pending: the next run publishes them again under the same deduplication ids.
 * Without QSTASH_TOKEN it does nothing and the events wait in the outbox.
 */
export async function relayPendingEvents(
  { db, config }: { db: Database; config: Config },
  { budgetMs = BUDGET_MS }: { budgetMs?: number } = {},
): Promise<RelayOutcome | undefined> {
  const client = await qstashClientFor(config);
  if (!client) return { events: 0, messages: 0 };
  return withJobLease(db, 'relay-events', async () => {
    const deadline = Date.now() + budgetMs;
    const outcome: RelayOutcome = { events: 0, messages: 0 };
    while (Date.now() < deadline) {
      const pending = await events.pendingEvents(db, PAGE_SIZE);
      if (pending.length === 0) break;
      const messages = pending.flatMap((event) => messagesOf(event, config.EVENT_ROUTES));
      for (let start = 0; start < messages.length; start += BATCH_SIZE) {
        await client.batchJSON(messages.slice(start, start + BATCH_SIZE));
      }
      await events.markEventsPublished(
        db,
        pending.map((event) => event.id),
      );
      outcome.events += pending.length;
      outcome.messages += messages.length;
      if (pending.length < PAGE_SIZE) break;
    }
    return outcome;
  });
}
