import type { events } from '@edge-commerce/db';
import { type EventEnvelope, newId } from '@edge-commerce/domain';
import type { Client } from '@upstash/qstash';
import type { Config } from '../config';
import type { EventRoutes } from './event-routes';

// At most 100 messages per batch request: an event routed to three destinations is three.
const BATCH_SIZE = 100;

/** Where QStash reports each attempt (callback) and a delivery that failed for good. */
export const DELIVERY_CALLBACK_PATH = '/v1/integrations/qstash/deliveries';
export const DELIVERY_FAILURE_PATH = '/v1/integrations/qstash/failures';

/** One QStash message for one destination of one event. */
export interface EventMessage {
  destination: string;
  url: string;
  body: EventEnvelope;
  deduplicationId: string;
  flowControl?: { key: string; parallelism: number };
}

/**
 * The QStash messages of one event: one per destination whose route takes its type. The
 * deduplication id is the event id and the destination (a `suffix` for a replay, which must be
 * delivered again), so publishing the event again after a relay died before marking it is
 * accepted by QStash and not delivered twice. An ordered destination gets a flow-control key per
 * aggregate with parallelism 1: one order's events reach the WMS one at a time, in publish order
 * unless a retry is overtaken, which the envelope's `sequence` lets the consumer tell (ADR 33).
 */
export function messagesOf(envelope: EventEnvelope, routes: EventRoutes, suffix = ''): EventMessage[] {
  return Object.entries(routes)
    .filter(([, route]) => (route.events as readonly string[]).includes(envelope.type))
    .map(([destination, route]) => ({
      destination,
      url: route.url,
      body: envelope,
      deduplicationId: `${envelope.id}.${destination}${suffix}`,
      ...(route.ordered
        ? {
            flowControl: {
              key: `${destination}.${envelope.aggregate.type}.${envelope.aggregate.id}`,
              parallelism: 1,
            },
          }
        : {}),
    }));
}

/**
 * Publishes the messages with the SDK's `batchJSON` and answers what QStash took, by message id.
 * With PUBLIC_API_URL set, QStash reports every attempt and a final failure back to the API, which
 * records them as the deliveries' status (ADR 33).
 */
export async function publishMessages(
  client: Client,
  config: Config,
  messages: readonly EventMessage[],
): Promise<events.PublishedMessage[]> {
  const origin = config.PUBLIC_API_URL?.replace(/\/$/, '');
  const callbacks = origin
    ? { callback: `${origin}${DELIVERY_CALLBACK_PATH}`, failureCallback: `${origin}${DELIVERY_FAILURE_PATH}` }
    : {};
  const published: events.PublishedMessage[] = [];
  for (let start = 0; start < messages.length; start += BATCH_SIZE) {
    const batch = messages.slice(start, start + BATCH_SIZE);
    const answers = await client.batchJSON(
      batch.map(({ destination: _destination, ...message }) => ({ ...message, ...callbacks })),
    );
    answers.forEach((answer, index) => {
      const message = batch[index];
      if (message)
        published.push({
          id: newId('eventDelivery'),
          messageId: answer.messageId,
          eventId: message.body.id,
          destination: message.destination,
          url: message.url,
        });
    });
  }
  return published;
}
