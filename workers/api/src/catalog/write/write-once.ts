import { catalogWrites } from '@edge-commerce/db';
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { AppEnv } from '../../env';
import { ApiError } from '../../errors/problem';
import { publishCatalogInvalidations } from './cache-invalidation';

/** How a write is made idempotent: the key it is recorded under and what it was bound to. */
export interface IdempotencyScope {
  /** The `processed_messages` key, unique across sources: `qstash:msg_…`, `partner:acme:<key>`. */
  messageId: string;
  source: string;
  /** What the message asked for (`pim.products`); the same key for another kind is refused. */
  kind: string;
  /** SHA-256 of the body: the same key with another body is refused. */
  requestHash: string;
  /** The header the key came from, to name it in errors. */
  header: 'Upstash-Message-Id' | 'Idempotency-Key';
}

export interface WriteAnswer<S extends ContentfulStatusCode, T> {
  status: S;
  body: T;
  headers?: Record<string, string>;
  /** Whether the catalog changed (and so the invalidations it recorded must be published). */
  changed: boolean;
}

export interface CatalogWrite<P, S extends ContentfulStatusCode, T> {
  /** Everything that may refuse the request: runs before the transaction, changes nothing. */
  prepare: () => Promise<P>;
  /** The change, inside the transaction; it may still refuse (by throwing) and then rolls back. */
  apply: (tx: catalogWrites.Transaction, prepared: P) => Promise<WriteAnswer<S, T>>;
}

/**
 * Runs a catalog write at most once per idempotency key:
 * 1. a key already recorded replays the recorded answer (`Idempotent-Replayed: true`) and
 *    changes nothing; the same key with another body or for another operation is a 422;
 * 2. otherwise `prepare` validates, then one transaction claims the key, applies the change with
 *    its outbox events, and records the answer, so change, events and record commit together;
 * 3. a concurrent request with the same key waits on the claim and replays the winner's answer;
 * 4. after the commit, the cache invalidations the change recorded in its transaction (if it
 *    changed anything shoppers see) are published; a replay publishes too, so a redelivery after
 *    a Worker died between its commit and that step still invalidates.
 * Without a scope (admin writes sent without `Idempotency-Key`) steps 1 and 3 do not apply.
 */
export async function writeOnce<E extends AppEnv, P, S extends ContentfulStatusCode, T>(
  c: Context<E>,
  scope: IdempotencyScope | undefined,
  write: CatalogWrite<P, S, T>,
): Promise<{ status: S; body: T; headers: Record<string, string> }> {
  const db = c.get('database')();
  const publish = () =>
    publishCatalogInvalidations({ db, cache: c.get('catalogCache'), requestId: c.get('requestId') });
  if (scope) {
    const earlier = await catalogWrites.findProcessedMessage(db, scope.messageId);
    if (earlier) {
      const answer = replay<S, T>(scope, earlier);
      await publish();
      return answer;
    }
  }
  const prepared = await write.prepare();
  const answer = await catalogWrites.transactionWithRetry(db, async (tx) => {
    if (scope && !(await catalogWrites.claimMessage(tx, scope))) return undefined;
    const applied = await write.apply(tx, prepared);
    if (scope) {
      await catalogWrites.recordResponse(tx, scope.messageId, {
        status: applied.status,
        body: JSON.stringify(applied.body),
        requestHash: scope.requestHash,
        ...(applied.headers ? { headers: applied.headers } : {}),
      });
    }
    return applied;
  });
  if (!answer) {
    // A concurrent request with the same key committed first; answer what it answered.
    const winner = scope && (await catalogWrites.findProcessedMessage(db, scope.messageId));
    if (!scope || !winner) throw new Error('idempotency claim lost but no recorded answer found');
    const replayed = replay<S, T>(scope, winner);
    await publish();
    return replayed;
  }
  if (answer.changed) await publish();
  return { status: answer.status, body: answer.body, headers: answer.headers ?? {} };
}

function replay<S extends ContentfulStatusCode, T>(
  scope: IdempotencyScope,
  earlier: catalogWrites.ProcessedMessage,
): { status: S; body: T; headers: Record<string, string> } {
  if (earlier.kind !== scope.kind || earlier.response.requestHash !== scope.requestHash) {
    throw new ApiError(
      'idempotency_key_reused',
      `This ${scope.header} was already used for a different request; send a new key for a new request.`,
    );
  }
  // The recorded answer is ours, written by this same operation for this same body; parsing
  // keeps its key order, so the replay is byte for byte the first answer.
  return {
    status: earlier.response.status as S,
    body: JSON.parse(earlier.response.body) as T,
    headers: { ...earlier.response.headers, 'Idempotent-Replayed': 'true' },
  };
}
