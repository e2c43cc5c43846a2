import type { Database } from '@edge-commerce/db';
import type { Context } from 'hono';
import type { AppEnv } from '../../env';
import { ApiError } from '../../errors/problem';
import { describeError, log } from '../../log';

// SQLSTATE classes that mean "the database cannot serve now", not "this query is wrong":
// 08 connection exception, 53 insufficient resources, 57P operator intervention (shutdown,
// starting up). Anything without a SQLSTATE failed below SQL: socket, bridge, timeout.
const UNAVAILABLE = /^(08|53|57P)/;

/**
 * Runs a storefront query; a database that cannot be reached becomes 503 `database_unavailable`
 * with `Retry-After`, as on the health route, while a failing query stays a 500 (our bug).
 */
export async function readCatalog<T>(c: Context<AppEnv>, work: (db: Database) => Promise<T>): Promise<T> {
  try {
    return await work(c.get('database')());
  } catch (error) {
    if (!isUnavailable(error)) throw error;
    log('warn', 'database unreachable', { requestId: c.get('requestId'), error: describeError(error) });
    throw new ApiError('database_unavailable', 'The catalog database did not answer; try again shortly.', {
      headers: { 'Retry-After': '5' },
    });
  }
}

function isUnavailable(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current !== undefined && current !== null; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return UNAVAILABLE.test(code);
    current = current instanceof Error ? current.cause : undefined;
  }
  return true;
}
