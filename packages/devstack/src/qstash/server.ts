import { timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type ApiContext, answerApiRequest } from './api-routes';
import { DeadLetterQueue, type DlqMessage } from './dead-letter-queue';
import { DEDUPLICATION_WINDOW_MS, DeduplicationIds } from './deduplication';
import { MessageDelivery, type QStashDeliveryAttempt, type QStashDeliveryOptions } from './delivery';
import { QStashApiError } from './errors';
import { newQStashToken } from './ids';
import { type MessageView, messageView } from './message';
import { newQStashSigningKey } from './signer';

export interface QStashStandInOptions {
  /** Default 0: a free port the system picks (`url` says which). */
  port?: number;
  host?: string;
  /** The token clients must send (`Authorization: Bearer …`, as `QSTASH_TOKEN`); made up if omitted. */
  token?: string;
  /** The key deliveries are signed with (`QSTASH_CURRENT_SIGNING_KEY`); made up if omitted. */
  currentSigningKey?: string;
  /** The next key, only reported by `GET /v2/keys` (`QSTASH_NEXT_SIGNING_KEY`); made up if omitted. */
  nextSigningKey?: string;
  /** Retry backoff and the default timeout of deliveries. */
  delivery?: QStashDeliveryOptions;
  /** How long a deduplication id is remembered (default 10 minutes, as QStash). */
  deduplicationWindowMs?: number;
  /** The largest body a message may have (default 1 MiB, QStash's limit on its free and pay-as-you-go plans). */
  maxMessageBytes?: number;
}

export interface QStashStandIn {
  /** Where the SDK sends: `new Client({ token, baseUrl: url })`, or `QSTASH_URL`. */
  url: string;
  host: string;
  port: number;
  token: string;
  currentSigningKey: string;
  nextSigningKey: string;
  /** Every attempt so far to send a message or a callback, oldest first. */
  attempts(): readonly QStashDeliveryAttempt[];
  /** Messages not yet delivered, failed for good or cancelled (callbacks included), as the API shows them. */
  pending(): readonly MessageView[];
  /** The dead letter queue, oldest first, as `GET /v2/dlq` lists it. */
  dlq(): readonly DlqMessage[];
  /** Holds every message that comes due until `resume` (publishing still works). */
  pause(): void;
  /** Sends what was held, in publish order, and stops holding. */
  resume(): void;
  /** Resolves once nothing is waiting for its time, for a flow-control slot or for an answer (held messages aside). */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

// A batch carries many messages, each up to the message limit.
const MAX_BATCH_BODY_FACTOR = 100;

/**
 * A local QStash for the part of its v2 API the shop uses, over QStash's wire protocol, so the real
 * `@upstash/qstash` Client publishes to it and the real `Receiver` verifies what it delivers:
 * publish and batch with QStash's headers (deduplication, retries, delay, timeout, method,
 * callbacks, flow control by parallelism, forwarded headers), signed deliveries retried with
 * backoff, the DLQ, and reading or cancelling a pending message. All state is in memory.
 *
 * Unlike QStash, it delivers to loopback and private addresses: that is what it is for.
 */
export async function startQStashStandIn(options: QStashStandInOptions = {}): Promise<QStashStandIn> {
  const host = options.host ?? '127.0.0.1';
  const token = options.token ?? newQStashToken();
  const currentSigningKey = options.currentSigningKey ?? newQStashSigningKey();
  const nextSigningKey = options.nextSigningKey ?? newQStashSigningKey();
  const now = Date.now;
  const deadLetters = new DeadLetterQueue(now);
  const delivery = new MessageDelivery(currentSigningKey, deadLetters, now, options.delivery);
  const context: ApiContext = {
    delivery,
    deadLetters,
    deduplication: new DeduplicationIds(now, options.deduplicationWindowMs ?? DEDUPLICATION_WINDOW_MS),
    signingKeys: { current: currentSigningKey, next: nextSigningKey },
    now,
    maxMessageBytes: options.maxMessageBytes ?? 1024 * 1024,
  };
  const expectedAuthorization = Buffer.from(`Bearer ${token}`);

  const server = createServer((request, response) => {
    handle(request, response, context, expectedAuthorization).catch((error: unknown) => {
      const failure =
        error instanceof QStashApiError
          ? error
          : new QStashApiError(500, `stand-in failure: ${(error as Error).message}`);
      if (!response.headersSent) send(response, failure.status, failure.body());
      else response.destroy();
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port: options.port ?? 0, host }, resolve);
  });
  const port = (server.address() as AddressInfo).port;

  return {
    url: `http://${host}:${port}`,
    host,
    port,
    token,
    currentSigningKey,
    nextSigningKey,
    attempts: () => delivery.attempts,
    pending: () => delivery.all().map(messageView),
    dlq: () => deadLetters.all(),
    pause: () => delivery.pause(),
    resume: () => delivery.resume(),
    idle: () => delivery.idle(),
    async stop() {
      delivery.stop();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

async function handle(
  request: IncomingMessage,
  response: ServerResponse,
  context: ApiContext,
  expectedAuthorization: Buffer,
): Promise<void> {
  const target = request.url ?? '/';
  const received = Buffer.from(header(request, 'authorization') ?? '');
  if (received.length !== expectedAuthorization.length || !timingSafeEqual(received, expectedAuthorization))
    throw new QStashApiError(401, 'Unauthorized');
  const isBatch = target.split('?')[0]?.replace(/\/+$/, '') === '/v2/batch';
  const body = await readBody(request, context.maxMessageBytes * (isBatch ? MAX_BATCH_BODY_FACTOR : 1));
  const headers = new Map<string, string>();
  for (const [name, value] of Object.entries(request.headers))
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  const answer = answerApiRequest(
    { method: request.method ?? 'GET', target, headers, body, callerIp: callerIp(request) },
    context,
  );
  if (answer.body === undefined) {
    response.writeHead(answer.status).end();
    return;
  }
  send(response, answer.status, answer.body);
}

/** The publisher's address, which QStash passes on as `Upstash-Caller-Ip` (IPv4 unwrapped from `::ffff:`). */
function callerIp(request: IncomingMessage): string | undefined {
  return request.socket.remoteAddress?.replace(/^::ffff:/, '');
}

function header(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

async function readBody(request: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) throw new QStashApiError(413, `request body exceeds the limit of ${maxBytes} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function send(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}
