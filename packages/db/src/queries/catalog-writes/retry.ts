import type { Database } from '../../client';
import type { Transaction } from './executor';

// serialization_failure and deadlock_detected: Postgres aborted the transaction to let a
// concurrent one through; running it again from the start is the documented remedy.
const RETRYABLE_SQLSTATES = new Set(['40001', '40P01']);

/**
 * Runs `work` in a transaction, again (up to `attempts` times in all) when Postgres aborts it as
 * a deadlock victim or serialization failure. `work` must be safe to re-run: it is, when all of
 * its effects are inside the transaction.
 */
export async function transactionWithRetry<T>(
  db: Database,
  work: (tx: Transaction) => Promise<T>,
  { attempts = 3 }: { attempts?: number } = {},
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction(work);
    } catch (error) {
      if (attempt >= attempts || !isRetryable(error)) throw error;
    }
  }
}

/** The SQLSTATE of a Postgres error, looked for along the `cause` chain (drizzle wraps it). */
export function sqlState(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Object; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function isRetryable(error: unknown): boolean {
  const state = sqlState(error);
  return state !== undefined && RETRYABLE_SQLSTATES.has(state);
}
