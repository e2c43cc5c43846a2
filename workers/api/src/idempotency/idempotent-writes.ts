import { idempotency } from '@edge-commerce/db';
import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import { canonicalJson, requestHash } from '../catalog/write/request-hash';
import type { AppEnv } from '../env';
import { ApiError } from '../errors/problem';
import { clientAddress } from '../front-door/caller';
import { IDEMPOTENCY_KEY } from '../input/idempotency-key';
import { type KeptAnswer, keptAnswerId, openAnswer, sealAnswer } from './sealed-answer';

// Answers that are the request's answer for good. Not kept: a body that failed validation or
// credentials (the retry is a new request), 429s and 5xx (a dependency down: the retry the key
// exists for must get to try again).
const KEPT_STATUSES = new Set([200, 201, 202, 204, 402, 404, 409, 412, 422]);
// What a replay repeats besides the body; nothing that names this response alone.
const KEPT_HEADERS = ['Content-Type', 'Location', 'ETag', 'Cache-Control'];

/**
 * `Idempotency-Key` on a creating or changing POST, Stripe's way (ADR 30): the first answer is
 * kept for 24 hours and replayed (`Idempotent-Replayed: true`) to a retry with the same key and
 * the same parameters; the same key with other parameters is 422 `idempotency_key_reused`; a
 * retry while the first is still running is 409 `idempotency_key_in_use`. Keys are the caller's:
 * the same key from another cart, customer or API key is another key. Without the header the
 * request runs as it is.
 */
export const idempotentWrites = () =>
  createMiddleware<AppEnv>(async (c, next) => {
    const key = c.req.header('Idempotency-Key');
    if (key === undefined) return next();
    if (!IDEMPOTENCY_KEY.test(key)) {
      throw new ApiError(
        'idempotency_key_required',
        'The Idempotency-Key header must be 1 to 255 visible ASCII characters.',
      );
    }
    const scope = callerScope(c);
    const id = await keptAnswerId(scope, key);
    const fingerprint = await requestFingerprint(c);
    const db = c.get('database')();
    const claim = await idempotency.claimIdempotencyKey(db, id, fingerprint);
    if (!claim.claimed) {
      if (claim.requestHash !== fingerprint) {
        throw new ApiError(
          'idempotency_key_reused',
          'This Idempotency-Key was sent before with another request; use a new key for a new request.',
        );
      }
      if (claim.response === null) {
        throw new ApiError(
          'idempotency_key_in_use',
          'A request with this Idempotency-Key is still running; retry once it has answered.',
          { headers: { 'Retry-After': '1' } },
        );
      }
      return replay(c, await openAnswer(scope, key, claim.response));
    }
    try {
      await next();
    } catch (error) {
      await idempotency.releaseIdempotencyKey(db, id).catch(() => {});
      throw error;
    }
    const response = c.res;
    if (!KEPT_STATUSES.has(response.status)) {
      await idempotency.releaseIdempotencyKey(db, id).catch(() => {});
      return;
    }
    const headers: Record<string, string> = {};
    for (const name of KEPT_HEADERS) {
      const value = response.headers.get(name);
      if (value !== null) headers[name] = value;
    }
    const answer: KeptAnswer = { status: response.status, headers, body: await response.clone().text() };
    await idempotency.keepIdempotentResponse(db, id, await sealAnswer(scope, key, answer));
  });

/**
 * Whose key it is: the credential the request carries (a digest of it is what the row id is
 * made from, never the credential), or the client's address for an anonymous request.
 */
function callerScope(c: Context<AppEnv>): string {
  const credential =
    c.req.header('Authorization') ?? c.req.header('X-Cart-Token') ?? c.req.header('X-Order-Token');
  return credential === undefined ? `address:${clientAddress(c.req.raw)}` : `credential:${credential}`;
}

/** The request a key is bound to: method, path and the body's parameters however spaced or ordered. */
async function requestFingerprint(c: Context<AppEnv>): Promise<string> {
  const text = await c.req.text();
  let parameters = text;
  try {
    parameters = canonicalJson(JSON.parse(text || 'null'));
  } catch {
    // Not JSON: the route's own validation refuses it; the bytes stand for themselves.
  }
  return `${c.req.method} ${c.req.path} ${await requestHash(parameters)}`;
}

function replay(c: Context<AppEnv>, answer: KeptAnswer): Response {
  const headers = { ...answer.headers, 'Idempotent-Replayed': 'true' };
  return answer.status === 204
    ? c.body(null, 204, headers)
    : c.body(answer.body, answer.status as 200, headers);
}
