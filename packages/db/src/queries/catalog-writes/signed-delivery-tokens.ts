import { sql } from 'drizzle-orm';
import type { Database } from '../../client';
import { signedDeliveryTokens } from '../../schema/signed-delivery-tokens';
import { type DeleteBatches, deleteExpiredRows } from '../batched-delete';
import type { Executor } from './executor';

export interface SignedDeliveryToken {
  /** The verified signature's `jti`. */
  tokenId: string;
  /** The `Upstash-Message-Id` it came with this time. */
  messageId: string;
  /** Until when the token verifies; the row is kept that long. */
  expiresAt: Date;
}

/**
 * Binds a verified token to the message id it came with, the first time it is seen, and returns
 * the message id it is bound to: this delivery's, or the one it came with before. One statement,
 * so concurrent deliveries of one token agree: the first insert wins, and the others wait on its
 * row (`on conflict do update` locks it and reads the committed version) and read its message id.
 * The no-op update is what makes the stored row come back; `do nothing` would return nothing.
 */
export async function bindSignedDeliveryToken(db: Executor, token: SignedDeliveryToken): Promise<string> {
  const [row] = await db
    .insert(signedDeliveryTokens)
    .values(token)
    .onConflictDoUpdate({
      target: signedDeliveryTokens.tokenId,
      set: { messageId: sql`${signedDeliveryTokens.messageId}` },
    })
    .returning({ messageId: signedDeliveryTokens.messageId });
  if (!row) throw new Error('binding a signed delivery token returned no row');
  return row.messageId;
}

export interface SignedDeliveryTokenPruning extends DeleteBatches {
  /** Rows are deleted once `expires_at` is this far in the past: absorbs clock skew. */
  graceSeconds: number;
}

/**
 * Deletes the bindings of tokens that no longer verify, oldest first, in batches through the
 * `expires_at` index, skipping rows a delivery holds. Returns how many went. Not in a
 * transaction: every batch commits on its own.
 */
export async function deleteExpiredSignedDeliveryTokens(
  db: Database,
  { graceSeconds, batchSize, maxBatches }: SignedDeliveryTokenPruning,
): Promise<number> {
  return deleteExpiredRows(
    db,
    {
      table: 'signed_delivery_tokens',
      key: 'token_id',
      time: 'expires_at',
      cutoff: sql`now() - make_interval(secs => ${graceSeconds}::int)`,
    },
    { batchSize, maxBatches },
  );
}
