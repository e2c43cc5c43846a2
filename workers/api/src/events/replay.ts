import { type Database, events } from '@edge-commerce/db';
import { type EventEnvelope, newId } from '@edge-commerce/domain';
import type { Config } from '../config';
import { ApiError } from '../errors/problem';
import { describeError, log } from '../log';
import { messagesOf, publishMessages } from './publish-messages';
import { qstashClientFor } from './qstash-client';

/** Events one replay sends at most: a larger range is replayed a call at a time. */
export const MAX_REPLAYED_EVENTS = 1_000;

export interface ReplayOutcome {
  replayId: string;
  events: number;
  messages: number;
  /** More events matched than one replay sends: replay the rest from the last one's time. */
  more: boolean;
}

function envelopeOf(event: events.StoredEvent): EventEnvelope {
  const { publishedAt: _publishedAt, ...envelope } = event;
  return envelope;
}

/**
 * Publishes the selected events again, in sequence order, to every destination routed to them
 * (or to `destinations` only), as new QStash messages: their deduplication ids name the replay,
 * so QStash delivers them even inside its deduplication window. Safe because every consumer
 * dedupes by event id and orders by `sequence` (ADR 33): a partner that had the event acknowledges
 * it again and applies nothing; one that never got it (its delivery is in the DLQ) applies it.
 * The replayed failures leave QStash's DLQ, so an operator sees only what is still failing.
 */
export async function replayEvents(
  { db, config }: { db: Database; config: Config },
  selection: events.ReplaySelection,
  destinations: readonly string[] | undefined,
): Promise<ReplayOutcome> {
  const client = await qstashClientFor(config);
  if (!client)
    throw new ApiError(
      'events_unavailable',
      'QStash is not configured (QSTASH_TOKEN): nothing can be replayed.',
    );
  const unknown = (destinations ?? []).filter((name) => !(name in config.EVENT_ROUTES));
  if (unknown.length > 0) {
    throw new ApiError('validation_failed', 'Replay names destinations EVENT_ROUTES does not have.', {
      errors: unknown.map((name) => ({ path: 'destinations', message: `no destination ${name}` })),
    });
  }
  const routes = destinations
    ? Object.fromEntries(Object.entries(config.EVENT_ROUTES).filter(([name]) => destinations.includes(name)))
    : config.EVENT_ROUTES;
  const selected = await events.eventsToReplay(db, selection, MAX_REPLAYED_EVENTS + 1);
  const replayed = selected.slice(0, MAX_REPLAYED_EVENTS);
  const replayId = newId('eventReplay');
  const messages = replayed.flatMap((event) => messagesOf(envelopeOf(event), routes, `.${replayId}`));
  let published: events.PublishedMessage[];
  try {
    published = await publishMessages(client, config, messages);
  } catch (error) {
    log('warn', 'replay could not publish', { replayId, error: describeError(error) });
    throw new ApiError(
      'events_unavailable',
      'QStash did not take the replay; nothing was replayed, so retry.',
      {
        headers: { 'Retry-After': '5' },
      },
    );
  }
  await events.recordPublished(db, [], published, replayId);
  await forgetReplayedFailures(client, db, replayed, destinations);
  return {
    replayId,
    events: replayed.length,
    messages: published.length,
    more: selected.length > replayed.length,
  };
}

/** Deletes the replayed events' failed deliveries from QStash's DLQ; best effort. */
async function forgetReplayedFailures(
  client: NonNullable<Awaited<ReturnType<typeof qstashClientFor>>>,
  db: Database,
  replayed: readonly events.StoredEvent[],
  destinations: readonly string[] | undefined,
): Promise<void> {
  const dlqIds = await events.deadLetteredDeliveries(
    db,
    replayed.map((event) => event.id),
    destinations,
  );
  if (dlqIds.length === 0) return;
  try {
    await client.dlq.delete(dlqIds);
  } catch (error) {
    // Left in QStash's DLQ, they only show as failures already replayed.
    log('warn', 'replayed failures not removed from the DLQ', { error: describeError(error) });
  }
}
