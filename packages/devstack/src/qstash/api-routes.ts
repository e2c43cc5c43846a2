import type { DeadLetterQueue } from './dead-letter-queue';
import type { DeduplicationIds } from './deduplication';
import type { MessageDelivery } from './delivery';
import { notModelled, QStashApiError } from './errors';
import { messageView } from './message';
import { type HeaderMap, type MessageSpec, readPublishRequest } from './publish-request';
import { matches, readCount, readFilter } from './query-filters';

export interface ApiContext {
  delivery: MessageDelivery;
  deadLetters: DeadLetterQueue;
  deduplication: DeduplicationIds;
  signingKeys: { current: string; next: string };
  now: () => number;
  maxMessageBytes: number;
}

export interface ApiRequest {
  method: string;
  /** The request target as sent (`/v2/publish/https://…?…`): a destination's query is part of it. */
  target: string;
  headers: HeaderMap;
  body: Buffer;
  callerIp: string | undefined;
}

export interface ApiAnswer {
  status: number;
  /** Undefined: an empty body. */
  body?: unknown;
}

/** What a publish answers for one message (the SDK's `PublishToUrlResponse`). */
export interface PublishAnswer {
  messageId: string;
  url: string;
  deduplicated?: boolean;
}

const PUBLISH_PREFIX = '/v2/publish/';
const DLQ_PAGE_SIZE = 100;
const BULK_DEFAULT_COUNT = 100;

/** QStash's v2 API, the part the shop uses: publish, batch, messages, the DLQ, signing keys. */
export function answerApiRequest(request: ApiRequest, context: ApiContext): ApiAnswer {
  // The destination is the rest of the target, its own query string included.
  if (request.target.startsWith(PUBLISH_PREFIX)) {
    if (request.method !== 'POST') throw methodNotAllowed(request);
    return publishOne(request, context);
  }
  const url = new URL(request.target, 'http://stand-in');
  const path = url.pathname.replace(/\/+$/, '');
  let pathKnown = false;
  for (const route of ROUTES) {
    const match = route.path.exec(path);
    if (!match) continue;
    pathKnown = true;
    if (route.method !== request.method) continue;
    return route.answer({
      request,
      context,
      query: url.searchParams,
      id: decodeURIComponent(match[1] ?? ''),
    });
  }
  if (pathKnown) throw methodNotAllowed(request);
  if (/^\/v2\/(enqueue|queues|schedules|topics|flowControl|globalParallelism|events|logs)(\/|$)/.test(path))
    throw notModelled(`The ${path.split('/')[2]} API`);
  throw new QStashApiError(404, `not found: ${request.method} ${path}`);
}

interface RouteInput {
  request: ApiRequest;
  context: ApiContext;
  query: URLSearchParams;
  /** The path's id (a message id or a DLQ id), decoded. */
  id: string;
}

interface Route {
  method: 'GET' | 'POST' | 'DELETE';
  path: RegExp;
  answer(input: RouteInput): ApiAnswer;
}

const ROUTES: readonly Route[] = [
  { method: 'POST', path: /^\/v2\/batch$/, answer: ({ request, context }) => publishBatch(request, context) },
  {
    method: 'GET',
    path: /^\/v2\/messages\/([^/]+)$/,
    answer({ context, id }) {
      const message = context.delivery.get(id);
      if (!message) throw messageNotFound(id);
      return { status: 200, body: messageView(message) };
    },
  },
  {
    method: 'DELETE',
    path: /^\/v2\/messages\/([^/]+)$/,
    answer({ context, id }) {
      if (!context.delivery.cancel(id)) throw messageNotFound(id);
      return { status: 200, body: { cancelled: 1 } };
    },
  },
  {
    method: 'DELETE',
    path: /^\/v2\/messages$/,
    answer: ({ context, query }) => cancelMessages(query, context),
  },
  {
    method: 'GET',
    path: /^\/v2\/dlq$/,
    answer({ context, query }) {
      const filter = readFilter(query, 'dlqIds', 'dlq');
      const count = readCount(query, DLQ_PAGE_SIZE, DLQ_PAGE_SIZE);
      return { status: 200, body: context.deadLetters.page(filter, count, cursorOf(query)) };
    },
  },
  {
    method: 'DELETE',
    path: /^\/v2\/dlq$/,
    answer({ context, query }) {
      const filter = readFilter(query, 'dlqIds', 'dlq');
      const count = readCount(query, BULK_DEFAULT_COUNT, BULK_DEFAULT_COUNT);
      const { taken, cursor } = context.deadLetters.take(filter, count, cursorOf(query));
      return { status: 200, body: { deleted: taken.length, ...(cursor ? { cursor } : {}) } };
    },
  },
  {
    method: 'POST',
    path: /^\/v2\/dlq\/retry$/,
    answer({ context, query }) {
      const filter = readFilter(query, 'dlqIds', 'dlq');
      const count = readCount(query, BULK_DEFAULT_COUNT, BULK_DEFAULT_COUNT);
      const { taken, cursor } = context.deadLetters.take(filter, count, cursorOf(query));
      const responses = taken.map((entry) => republish(entry.spec, context));
      return { status: 201, body: { responses, ...(cursor ? { cursor } : {}) } };
    },
  },
  {
    method: 'POST',
    path: /^\/v2\/dlq\/retry\/([^/]+)$/,
    answer({ context, id }) {
      const [entry] = context.deadLetters.take({ ids: [id], matchesNothing: false }, 1, undefined).taken;
      if (!entry) throw dlqMessageNotFound(id);
      return { status: 201, body: republish(entry.spec, context) };
    },
  },
  {
    method: 'GET',
    path: /^\/v2\/dlq\/([^/]+)$/,
    answer({ context, id }) {
      const message = context.deadLetters.get(id);
      if (!message) throw dlqMessageNotFound(id);
      return { status: 200, body: message };
    },
  },
  {
    method: 'DELETE',
    path: /^\/v2\/dlq\/([^/]+)$/,
    answer({ context, id }) {
      if (!context.deadLetters.remove(id)) throw dlqMessageNotFound(id);
      return { status: 200 };
    },
  },
  {
    method: 'GET',
    path: /^\/v2\/keys$/,
    answer: ({ context }) => ({ status: 200, body: context.signingKeys }),
  },
];

function publishOne(request: ApiRequest, context: ApiContext): ApiAnswer {
  checkSize(request.body, context);
  const spec = readPublishRequest(
    request.target.slice(PUBLISH_PREFIX.length),
    request.headers,
    request.body,
    {
      now: context.now(),
      callerIp: request.callerIp,
    },
  );
  const answer = accept(spec, context);
  // A duplicate is accepted with 202 instead of 200, and QStash's own answer says so.
  return { status: answer.deduplicated ? 202 : 200, body: answer };
}

/**
 * `POST /v2/batch`: a JSON array of `{ destination, headers?, body? }`, each read as a publish.
 * All are checked before any is accepted, so a malformed batch enqueues nothing.
 */
function publishBatch(request: ApiRequest, context: ApiContext): ApiAnswer {
  let parsed: unknown;
  try {
    parsed = JSON.parse(request.body.toString('utf8'));
  } catch {
    throw new QStashApiError(400, 'invalid batch request: the body must be a JSON array of messages');
  }
  if (!Array.isArray(parsed))
    throw new QStashApiError(400, 'invalid batch request: the body must be a JSON array of messages');
  const specs = parsed.map((entry: unknown, index): MessageSpec => {
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry))
      throw new QStashApiError(400, `invalid batch request: message ${index} is not an object`);
    const { destination, headers = {}, body = '', queue } = entry as Record<string, unknown>;
    if (queue !== undefined) throw notModelled('Enqueueing to a queue');
    if (typeof destination !== 'string' || destination === '')
      throw new QStashApiError(400, `invalid batch request: message ${index} has no destination`);
    if (typeof body !== 'string')
      throw new QStashApiError(400, `invalid batch request: the body of message ${index} is not a string`);
    if (typeof headers !== 'object' || headers === null || Array.isArray(headers))
      throw new QStashApiError(
        400,
        `invalid batch request: the headers of message ${index} are not an object`,
      );
    const headerMap = new Map<string, string>();
    for (const [name, value] of Object.entries(headers)) {
      if (typeof value !== 'string')
        throw new QStashApiError(
          400,
          `invalid batch request: header ${name} of message ${index} is not a string`,
        );
      headerMap.set(name.toLowerCase(), value);
    }
    const bytes = Buffer.from(body, 'utf8');
    checkSize(bytes, context);
    return readPublishRequest(destination, headerMap, bytes, {
      now: context.now(),
      callerIp: request.callerIp,
    });
  });
  return { status: 200, body: specs.map((spec) => accept(spec, context)) };
}

function accept(spec: MessageSpec, context: ApiContext): PublishAnswer {
  if (spec.deduplicationId !== undefined) {
    const earlier = context.deduplication.find(spec.deduplicationId);
    if (earlier !== undefined) return { messageId: earlier, url: spec.destination, deduplicated: true };
  }
  const message = context.delivery.publish(spec);
  if (spec.deduplicationId !== undefined) context.deduplication.remember(spec.deduplicationId, message.id);
  return { messageId: message.id, url: spec.destination };
}

/** A DLQ message retried: a new message with the same body, headers and settings, due now. */
function republish(spec: MessageSpec, context: ApiContext): PublishAnswer {
  const message = context.delivery.publish({ ...spec, notBefore: context.now() });
  return { messageId: message.id, url: spec.destination };
}

/** `DELETE /v2/messages`: by `messageIds`, by filters, or all (QStash ignores `count` here). */
function cancelMessages(query: URLSearchParams, context: ApiContext): ApiAnswer {
  const filter = readFilter(query, 'messageIds', 'messages');
  let cancelled = 0;
  for (const message of context.delivery.all()) {
    const selected = matches(filter, {
      id: message.id,
      messageId: message.id,
      url: message.spec.destination,
      labels: message.spec.labels,
      flowControlKey: message.spec.flowControl?.key,
      callerIp: message.spec.callerIp,
      time: message.createdAt,
      responseStatus: undefined,
    });
    if (selected && context.delivery.cancel(message.id)) cancelled++;
  }
  return { status: 200, body: { cancelled } };
}

function checkSize(body: Buffer, context: ApiContext): void {
  if (body.length > context.maxMessageBytes)
    throw new QStashApiError(
      413,
      `message size ${body.length} exceeds the limit of ${context.maxMessageBytes} bytes`,
    );
}

function cursorOf(query: URLSearchParams): string | undefined {
  return query.get('cursor') ?? undefined;
}

function messageNotFound(id: string): QStashApiError {
  return new QStashApiError(404, `message ${id} not found`);
}

function dlqMessageNotFound(id: string): QStashApiError {
  return new QStashApiError(404, `dlq message ${id} not found`);
}

function methodNotAllowed(request: ApiRequest): QStashApiError {
  return new QStashApiError(405, `method ${request.method} not allowed`);
}
