import type { Context } from 'hono';
import type { AppEnv } from '../../env';
import { ApiError } from '../../errors/problem';
import { IDEMPOTENCY_KEY } from '../../input/idempotency-key';
import { canonicalJson, requestHash } from '../write/request-hash';
import type { IdempotencyScope } from '../write/write-once';

/**
 * The idempotency scope of an admin creating POST, when the operator sent `Idempotency-Key`
 * (Stripe semantics: optional, and then a retry replays the first answer). The key is bound to
 * the method and path (creating a variant under another product is another request) and to
 * the body's parameters.
 */
export async function adminIdempotencyScope<E extends AppEnv>(
  c: Context<E>,
): Promise<IdempotencyScope | undefined> {
  const key = c.req.header('Idempotency-Key');
  if (key === undefined) return undefined;
  if (!IDEMPOTENCY_KEY.test(key)) {
    throw new ApiError(
      'idempotency_key_required',
      'The Idempotency-Key header must be 1 to 255 visible ASCII characters.',
    );
  }
  return {
    messageId: `admin:${key}`,
    source: 'admin',
    kind: `${c.req.method} ${c.req.path}`,
    // The parameters, not the bytes: a retry whose JSON is spaced or ordered differently is the
    // same request. The route has validated the body as JSON before its handler asks for this.
    requestHash: await requestHash(canonicalJson(JSON.parse((await c.req.text()) || 'null'))),
    header: 'Idempotency-Key',
  };
}
