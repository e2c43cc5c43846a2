import { eq, sql } from 'drizzle-orm';
import { processedMessages } from '../../schema/outbox';
import type { Executor, Transaction } from './executor';

/** What was answered to an inbound message or idempotent request, kept to replay it verbatim. */
export interface RecordedResponse {
  status: number;
  /** The JSON body as sent, as text: a jsonb object would not keep its key order. */
  body: string;
  /** SHA-256 of the request body: the same key with another body is a client error. */
  requestHash: string;
  headers?: Record<string, string>;
}

export interface ProcessedMessage {
  source: string;
  kind: string;
  response: RecordedResponse;
}

export interface MessageKey {
  /** Unique across sources, e.g. `qstash:msg_…` or `partner:acme-pim:<Idempotency-Key>`. */
  messageId: string;
  source: string;
  kind: string;
}

export async function findProcessedMessage(
  db: Executor,
  messageId: string,
): Promise<ProcessedMessage | undefined> {
  const [row] = await db
    .select({
      source: processedMessages.source,
      kind: processedMessages.kind,
      result: processedMessages.result,
    })
    .from(processedMessages)
    .where(eq(processedMessages.messageId, messageId));
  return row && { source: row.source, kind: row.kind, response: row.result as RecordedResponse };
}

/**
 * Claims a message id for this transaction. False when the id is already recorded; a concurrent
 * claim of the same id waits here until the first transaction ends, so of two racing deliveries
 * exactly one does the work and the other replays its answer.
 */
export async function claimMessage(tx: Transaction, key: MessageKey): Promise<boolean> {
  const claimed = await tx
    .insert(processedMessages)
    .values({ ...key, result: sql`'{"pending":true}'::jsonb` })
    .onConflictDoNothing({ target: processedMessages.messageId })
    .returning({ messageId: processedMessages.messageId });
  return claimed.length === 1;
}

/** Records the answer of a claimed message, in the transaction that made the change. */
export async function recordResponse(
  tx: Transaction,
  messageId: string,
  response: RecordedResponse,
): Promise<void> {
  await tx
    .update(processedMessages)
    .set({ result: response })
    .where(eq(processedMessages.messageId, messageId));
}
