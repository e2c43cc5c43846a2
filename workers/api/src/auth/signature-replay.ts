import { catalogWrites, type Database } from '@edge-commerce/db';
import { log } from '../log';
import type { SignedToken } from './qstash-token';
import { unauthorized } from './unauthorized';

/**
 * Refuses a verified QStash signature that arrives with another `Upstash-Message-Id` than the
 * one it first came with (ADR 17). The message id names the delivery for at-most-once
 * processing but is not signed, so without this a captured delivery would apply again under a
 * fresh id for as long as its token lives. The same token with the same id is an ordinary
 * redelivery, and a QStash retry carries a new token: both go on to replay as before.
 *
 * A 401 like any signature that does not authenticate the request: this one was spent on
 * another delivery. The caller is told so; the operators also hear both ids.
 */
export async function refuseReplayedSignature(
  db: Database,
  token: SignedToken,
  messageId: string,
  requestId: string,
): Promise<void> {
  const boundTo = await catalogWrites.bindSignedDeliveryToken(db, {
    tokenId: token.id,
    messageId,
    expiresAt: token.expiresAt,
  });
  if (boundTo === messageId) return;
  log('warn', 'signed delivery refused: signature replayed under another message id', {
    requestId,
    tokenId: token.id,
    messageId,
    signedFor: boundTo,
  });
  throw unauthorized('This Upstash-Signature was already used with another Upstash-Message-Id.');
}
