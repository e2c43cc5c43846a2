import { events } from '@edge-commerce/db';
import { newId } from '@edge-commerce/domain';
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { qstashAccess, requires } from '../../auth/access';
import type { AppEnv } from '../../env';
import { Integer } from '../../openapi/bounded';
import { commonProblems, problemResponses } from '../../openapi/problem-schema';
import type { EventRoutes } from '../event-routes';
import { DELIVERY_CALLBACK_PATH, DELIVERY_FAILURE_PATH } from '../publish-messages';

const TAG = 'QStash integration';

/** QStash's callback body (its documented fields; others are kept and ignored). */
const QStashCallback = z
  .object({
    status: Integer(0, 999),
    retried: Integer(0, 1_000),
    maxRetries: Integer(0, 1_000),
    sourceMessageId: z.string().min(1).max(200),
    url: z.string().max(2_048),
    body: z.string().max(2_000_000).optional().describe("The destination's answer, base64."),
    sourceBody: z.string().max(2_000_000).describe('The message as published (our event envelope), base64.'),
    dlqId: z.string().max(200).optional(),
  })
  .loose()
  .openapi('QStashCallback');

const DeliveryReportReceipt = z
  .object({
    messageId: z.string().max(200),
    outcome: z
      .enum(['recorded', 'ignored'])
      .describe(
        '`ignored`: not a message of an event the outbox still holds (retention ended, or not ours).',
      ),
  })
  .openapi('DeliveryReportReceipt');

const description = (what: string) => `${what}

- **Authentication**: QStash's \`Upstash-Signature\`, verified on the raw body for this exact URL
  with the current or next signing key; nothing else opens it (401 \`unauthorized\`).
- **Any order, any number of times**: reports are applied so that a delivery never goes back from
  \`delivered\` or \`failed\` to \`retrying\`, and its attempt count never goes down; a report that
  arrives before the relay recorded the message creates its record.
- A report about a message that is not one of ours, or whose event retention has deleted, is
  answered 200 \`ignored\`, so QStash stops retrying it.`;

function route(path: string, operationId: string, summary: string, what: string) {
  return createRoute({
    method: 'post',
    path,
    operationId,
    tags: [TAG],
    summary,
    description: description(what),
    ...requires(qstashAccess),
    request: { body: { required: true, content: { 'application/json': { schema: QStashCallback } } } },
    responses: {
      200: {
        description: 'The report is recorded, or ignored.',
        content: { 'application/json': { schema: DeliveryReportReceipt } },
      },
      ...problemResponses(...commonProblems, 401, 503),
    },
  });
}

const attemptRoute = route(
  DELIVERY_CALLBACK_PATH,
  'receiveQStashDeliveryReport',
  'Receive QStash’s report of one delivery attempt',
  'QStash calls it after each attempt to deliver one of our integration events (ADR 33): a 2xx answer makes the delivery `delivered`, another one `retrying`.',
);

const failureRoute = route(
  DELIVERY_FAILURE_PATH,
  'receiveQStashDeliveryFailure',
  'Receive QStash’s report of a delivery that failed for good',
  'QStash calls it when an event delivery ran out of retries and went to its dead-letter queue (ADR 33): the delivery becomes `failed`, with its `dlqId`, and is listed among the failures to replay.',
);

/** The event id inside a published envelope, or null when the message is not one of ours. */
function eventIdOf(sourceBody: string): string | null {
  try {
    const envelope = JSON.parse(new TextDecoder().decode(base64Bytes(sourceBody))) as { id?: unknown };
    return typeof envelope.id === 'string' && envelope.id.startsWith('evt_') ? envelope.id : null;
  } catch {
    return null;
  }
}

function base64Bytes(text: string): Uint8Array {
  return Uint8Array.from(atob(text), (char) => char.charCodeAt(0));
}

function destinationOf(url: string, routes: EventRoutes): string {
  return Object.entries(routes).find(([, route]) => route.url === url)?.[0] ?? 'unrouted';
}

export function registerDeliveryReports(app: OpenAPIHono<AppEnv>): void {
  for (const [definition, failed] of [
    [attemptRoute, false],
    [failureRoute, true],
  ] as const) {
    app.openapi(definition, async (c) => {
      const report = c.req.valid('json');
      const eventId = eventIdOf(report.sourceBody);
      const messageId = report.sourceMessageId;
      if (eventId === null) return c.json({ messageId, outcome: 'ignored' as const }, 200);
      let answer = '';
      try {
        answer = new TextDecoder().decode(base64Bytes(report.body ?? ''));
      } catch {}
      const delivered = report.status >= 200 && report.status < 300;
      const known = await events.recordDeliveryReport(c.get('database')(), {
        id: newId('eventDelivery'),
        messageId,
        eventId,
        destination: destinationOf(report.url, c.get('config').EVENT_ROUTES),
        url: report.url,
        status: report.status,
        attempts: report.retried + 1,
        answer,
        outcome: failed ? 'failed' : delivered ? 'delivered' : 'retrying',
        dlqId: failed ? (report.dlqId ?? null) : null,
      });
      return c.json({ messageId, outcome: known ? ('recorded' as const) : ('ignored' as const) }, 200);
    });
  }
}
