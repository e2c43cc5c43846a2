import { env, exports } from 'cloudflare:workers';
import { createDatabase, type Database } from '@edge-commerce/db';
import { sql } from 'drizzle-orm';
import { signQStashDelivery } from '../../../packages/devstack/src/qstash';
import { testCredentials } from '../../setup/integration-credentials';

// Shared by the catalog write suites. The test database is shared with other suites running at
// the same time and, on CI's PostgreSQL, outlives the run: every handle and SKU carries a random
// suffix, and assertions look at our own rows only.

export const API_ORIGIN = 'http://api.test';

/** A suffix unique to this call: `run-k3x9q2`. */
export function uniqueSuffix(): string {
  const random = crypto.getRandomValues(new Uint8Array(8));
  return Array.from(random, (byte) => '0123456789abcdefghijklmnopqrstuvwxyz'[byte % 36]).join('');
}

export function newMessageId(): string {
  return `msg_${uniqueSuffix()}${uniqueSuffix()}`;
}

export interface SignedOptions {
  messageId?: string;
  signingKey?: string;
  /** The URL the signature is for; defaults to the URL the request goes to. */
  signedUrl?: string;
  /** Signing time in epoch ms; defaults to now. */
  now?: number;
  /** Send this body instead of the one signed. */
  sentBody?: string;
  /** Send this `Upstash-Signature` (say, one captured earlier) instead of signing anew. */
  signature?: string;
  /** Who answers the request; the test Worker by default. */
  fetcher?: (url: string, init: RequestInit) => Promise<Response>;
}

/** POSTs `body` as a QStash delivery, signed like QStash signs. */
export function postSigned(path: string, body: unknown, options: SignedOptions = {}): Promise<Response> {
  return postSignedText(path, JSON.stringify(body), options);
}

/** POSTs `text`, byte for byte (a leading byte-order mark included), as a signed QStash delivery. */
export async function postSignedText(
  path: string,
  text: string,
  options: SignedOptions = {},
): Promise<Response> {
  const url = `${API_ORIGIN}${path}`;
  const signature = options.signature ?? (await signDelivery(path, text, options));
  const fetcher = options.fetcher ?? ((to: string, init: RequestInit) => exports.default.fetch(to, init));
  return fetcher(url, {
    method: 'POST',
    body: options.sentBody ?? text,
    headers: {
      'Content-Type': 'application/json',
      'Upstash-Signature': signature,
      'Upstash-Message-Id': options.messageId ?? newMessageId(),
      'Upstash-Retried': '0',
    },
  });
}

/** The `Upstash-Signature` QStash would send with `text` to `path`: a fresh token each call. */
export function signDelivery(
  path: string,
  text: string,
  options: Pick<SignedOptions, 'signingKey' | 'signedUrl' | 'now'> = {},
): Promise<string> {
  const url = `${API_ORIGIN}${path}`;
  return signQStashDelivery({
    signingKey: options.signingKey ?? testCredentials.qstashCurrentSigningKey,
    url: options.signedUrl ?? url,
    body: text,
    ...(options.now === undefined ? {} : { now: options.now }),
  });
}

/** POSTs `body` with a partner API key. */
export function postWithKey(
  path: string,
  body: unknown,
  {
    key = testCredentials.pimPartnerKey,
    idempotencyKey = uniqueSuffix(),
  }: { key?: string; idempotencyKey?: string | null } = {},
): Promise<Response> {
  return exports.default.fetch(`${API_ORIGIN}${path}`, {
    method: 'POST',
    body: JSON.stringify(body),
    headers: {
      'Content-Type': 'application/json',
      Authorization: `Bearer ${key}`,
      ...(idempotencyKey === null ? {} : { 'Idempotency-Key': idempotencyKey }),
    },
  });
}

/** Runs `work` against the test database directly, to see what a request did to it. */
export async function withDatabase<T>(work: (db: Database) => Promise<T>): Promise<T> {
  const bindings = env as unknown as Record<string, string>;
  const handle = createDatabase({
    url: bindings.DATABASE_URL ?? '',
    localWebSocketProxy: bindings.DATABASE_WS_PROXY,
  });
  try {
    return await work(handle.db);
  } finally {
    await handle.close();
  }
}

/** The statements a request cost, from its `Server-Timing: db;desc="N statements"`. */
export function statementCount(response: Response): number {
  const match = /db;desc="(\d+) statements"/.exec(response.headers.get('Server-Timing') ?? '');
  if (!match?.[1]) throw new Error('no statement count on the response');
  return Number(match[1]);
}

/**
 * Whether the suite runs on the embedded PGlite. It serves all connections from one session
 * and interleaves concurrent clients' extended-protocol messages ("unnamed prepared statement
 * does not exist"), so tests of concurrent requests only mean something on a real PostgreSQL.
 */
export async function onEmbeddedPglite(): Promise<boolean> {
  const { rows } = await withDatabase((db) =>
    db.execute<{ pglite: boolean }>(sql`select version() like '%PGlite%' as pglite`),
  );
  return rows[0]?.pglite === true;
}

/** Calls the admin API with the admin key (or `key`). */
export function adminRequest(
  method: 'GET' | 'POST' | 'PATCH',
  path: string,
  { body, idempotencyKey, key }: { body?: unknown; idempotencyKey?: string; key?: string | null } = {},
): Promise<Response> {
  const headers: Record<string, string> = {};
  if (key !== null) headers.Authorization = `Bearer ${key ?? testCredentials.adminApiKey}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (idempotencyKey !== undefined) headers['Idempotency-Key'] = idempotencyKey;
  return exports.default.fetch(`${API_ORIGIN}${path}`, {
    method,
    headers,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}
