import { createHash } from 'node:crypto';
import { parseDuration } from './durations';
import { notModelled, QStashApiError } from './errors';

export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

/** Retries when a message does not say (`Upstash-Retries`), as QStash documents. */
export const DEFAULT_RETRIES = 3;

/** Where and how a callback is sent: itself a message, configured by `Upstash-Callback-*` headers. */
export interface CallbackSpec {
  url: string;
  method: HttpMethod;
  /** Undefined: the retries of the message it reports on. */
  retries: number | undefined;
  timeoutMs: number | undefined;
  delayMs: number;
  /** From `Upstash-Callback-Forward-*` (or `Upstash-Failure-Callback-Forward-*`). */
  headers: Record<string, string>;
}

/** A message as published: everything QStash reads from the publish request. */
export interface MessageSpec {
  /** The destination URL exactly as published: deliveries go to it and are signed for it. */
  destination: string;
  method: HttpMethod;
  body: Buffer;
  /** Sent to the destination: `Content-Type` and the `Upstash-Forward-*` headers, prefix stripped. */
  headers: Record<string, string>;
  retries: number;
  /** Unix ms before which it is not delivered. */
  notBefore: number;
  /** Undefined: the stand-in's default timeout. */
  timeoutMs: number | undefined;
  callback: CallbackSpec | undefined;
  failureCallback: CallbackSpec | undefined;
  flowControl: { key: string; parallelism: number } | undefined;
  /** The `Upstash-Deduplication-Id`, or the content hash with content-based deduplication. */
  deduplicationId: string | undefined;
  labels: string[];
  callerIp: string | undefined;
}

/** A request's headers, names in lower case (as `node:http` gives them). */
export type HeaderMap = ReadonlyMap<string, string>;

// Headers of QStash's publish API that change how or when a message is delivered but that the
// stand-in does not model: refused, so a test never passes on a behaviour production lacks.
const UNMODELLED_HEADERS = [
  'upstash-retry-delay',
  'upstash-callback-retry-delay',
  'upstash-failure-callback-retry-delay',
  'upstash-redact-fields',
];

/**
 * Reads a publish (`POST /v2/publish/{destination}`, or one entry of `POST /v2/batch`) as QStash
 * does, refusing with QStash's 400 what QStash refuses.
 */
export function readPublishRequest(
  destination: string,
  headers: HeaderMap,
  body: Buffer,
  context: { now: number; callerIp: string | undefined },
): MessageSpec {
  for (const name of UNMODELLED_HEADERS)
    if (headers.has(name)) throw notModelled(`The ${canonicalHeaderName(name)} header`);

  const forwarded: Record<string, string> = {};
  const contentType = headers.get('content-type');
  if (contentType !== undefined) forwarded['Content-Type'] = contentType;
  for (const [name, value] of headers)
    if (name.startsWith('upstash-forward-') && name.length > 'upstash-forward-'.length)
      forwarded[canonicalHeaderName(name.slice('upstash-forward-'.length))] = value;

  const delayMs = duration(headers, 'upstash-delay') ?? 0;
  const notBeforeHeader = headers.get('upstash-not-before');
  let notBefore = context.now + delayMs;
  // Upstash-Not-Before (unix seconds) wins over Upstash-Delay, as QStash documents.
  if (notBeforeHeader !== undefined) {
    if (!/^\d+$/.test(notBeforeHeader.trim()))
      throw new QStashApiError(400, `invalid Upstash-Not-Before header: ${notBeforeHeader}`);
    notBefore = Number(notBeforeHeader.trim()) * 1_000;
  }

  const spec: MessageSpec = {
    destination: destinationUrl(destination),
    method: method(headers, 'upstash-method') ?? 'POST',
    body,
    headers: forwarded,
    retries: count(headers, 'upstash-retries') ?? DEFAULT_RETRIES,
    notBefore,
    timeoutMs: duration(headers, 'upstash-timeout'),
    callback: callbackSpec(headers, 'upstash-callback'),
    failureCallback: callbackSpec(headers, 'upstash-failure-callback'),
    flowControl: flowControl(headers),
    deduplicationId: undefined,
    labels: (headers.get('upstash-label') ?? '')
      .split(',')
      .map((label) => label.trim())
      .filter((label) => label !== ''),
    callerIp: context.callerIp,
  };
  spec.deduplicationId = deduplicationId(headers, spec);
  return spec;
}

/**
 * The destination of a publish: a full http(s) URL. QStash also takes a URL Group's name here; the
 * stand-in has no URL Groups, so anything else gets QStash's answer to a URL without a scheme.
 */
export function destinationUrl(raw: string): string {
  // Some clients send the destination URL-encoded (`https%3A%2F%2F…`); QStash takes both.
  const destination = /^https?%3A/i.test(raw) ? safeDecode(raw) : raw;
  if (!/^https?:\/\//i.test(destination))
    throw new QStashApiError(
      400,
      'invalid destination url: endpoint has invalid scheme, add http:// or https://',
    );
  let parsed: URL;
  try {
    parsed = new URL(destination);
  } catch {
    throw new QStashApiError(400, `invalid destination url: ${destination} is not a valid URL`);
  }
  if (parsed.hostname === '') throw new QStashApiError(400, 'invalid destination url: endpoint has no host');
  return destination;
}

/** `content-type` → `Content-Type`, as Go's `http.CanonicalHeaderKey` (QStash is written in Go). */
export function canonicalHeaderName(name: string): string {
  return name
    .toLowerCase()
    .split('-')
    .map((part) => (part === '' ? part : part[0]?.toUpperCase() + part.slice(1)))
    .join('-');
}

function callbackSpec(headers: HeaderMap, prefix: string): CallbackSpec | undefined {
  const url = headers.get(prefix);
  if (url === undefined) return undefined;
  const forwardPrefix = `${prefix}-forward-`;
  const forwarded: Record<string, string> = {};
  for (const [name, value] of headers)
    if (name.startsWith(forwardPrefix) && name.length > forwardPrefix.length)
      forwarded[canonicalHeaderName(name.slice(forwardPrefix.length))] = value;
  let checked: string;
  try {
    checked = destinationUrl(url.trim());
  } catch (error) {
    const name = canonicalHeaderName(prefix);
    throw new QStashApiError(400, `invalid ${name} header: ${(error as Error).message}`);
  }
  return {
    url: checked,
    method: method(headers, `${prefix}-method`) ?? 'POST',
    retries: count(headers, `${prefix}-retries`),
    timeoutMs: duration(headers, `${prefix}-timeout`),
    delayMs: duration(headers, `${prefix}-delay`) ?? 0,
    headers: forwarded,
  };
}

function flowControl(headers: HeaderMap): MessageSpec['flowControl'] {
  const key = headers.get('upstash-flow-control-key');
  const value = headers.get('upstash-flow-control-value');
  if (key === undefined && value === undefined) return undefined;
  if (key === undefined || key.trim() === '')
    throw new QStashApiError(400, 'Upstash-Flow-Control-Key is required with Upstash-Flow-Control-Value');
  if (value === undefined)
    throw new QStashApiError(400, 'Upstash-Flow-Control-Value is required with Upstash-Flow-Control-Key');
  let parallelism: number | undefined;
  // `parallelism=1, rate=10, period=1m`; QStash's own examples also write `Parallelism=10`.
  for (const part of value.split(',')) {
    const [name = '', setting = ''] = part.split('=').map((text) => text.trim());
    switch (name.toLowerCase()) {
      case 'parallelism':
        if (!/^[1-9]\d*$/.test(setting))
          throw new QStashApiError(400, `invalid Upstash-Flow-Control-Value: parallelism=${setting}`);
        parallelism = Number(setting);
        break;
      case 'rate':
      case 'period':
        throw notModelled(`Flow control by ${name.toLowerCase()}`);
      default:
        throw new QStashApiError(400, `invalid Upstash-Flow-Control-Value: ${value}`);
    }
  }
  if (parallelism === undefined)
    throw new QStashApiError(400, `invalid Upstash-Flow-Control-Value: ${value}`);
  return { key: key.trim(), parallelism };
}

function deduplicationId(headers: HeaderMap, spec: MessageSpec): string | undefined {
  const explicit = headers.get('upstash-deduplication-id');
  if (explicit !== undefined) {
    // QStash's answer to such ids (`{"error":"DeduplicationId cannot contain ':'"}`), as seen by
    // its users in production; an id like `OrderPlaced:ord_1` works nowhere but here otherwise.
    if (explicit.includes(':')) throw new QStashApiError(400, "DeduplicationId cannot contain ':'");
    return explicit;
  }
  if (headers.get('upstash-content-based-deduplication')?.trim().toLowerCase() !== 'true') return undefined;
  // What QStash hashes: the destination, the body, and the headers it forwards (Content-Type included).
  const hash = createHash('sha256');
  hash.update(spec.destination).update('\n');
  for (const name of Object.keys(spec.headers).sort()) hash.update(`${name}: ${spec.headers[name]}\n`);
  hash.update('\n').update(spec.body);
  return `content:${hash.digest('base64url')}`;
}

function method(headers: HeaderMap, name: string): HttpMethod | undefined {
  const value = headers.get(name);
  if (value === undefined) return undefined;
  const upper = value.trim().toUpperCase();
  const known = HTTP_METHODS.find((each) => each === upper);
  if (!known) throw new QStashApiError(400, `invalid ${canonicalHeaderName(name)} header: ${value}`);
  return known;
}

function count(headers: HeaderMap, name: string): number | undefined {
  const value = headers.get(name);
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value.trim()))
    throw new QStashApiError(400, `invalid ${canonicalHeaderName(name)} header: ${value}`);
  return Number(value.trim());
}

function duration(headers: HeaderMap, name: string): number | undefined {
  const value = headers.get(name);
  if (value === undefined) return undefined;
  const ms = parseDuration(value);
  if (ms === undefined)
    throw new QStashApiError(400, `invalid ${canonicalHeaderName(name)} header: ${value}`);
  return ms;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
