import { createDatabase, type Database } from '@edge-commerce/db';
import type { Context } from 'hono';
import type { AppEnv } from '../env';
import { describeError, log } from '../log';
import { executionContextOf } from './services';

/**
 * Runs `work` after the response, within the request's waitUntil, on a database connection of its
 * own (the request's closes with the response). Work that must not be lost is recorded before:
 * what runs here only speeds it up, and its failure is logged, never the caller's problem.
 */
export function afterResponse<E extends AppEnv>(
  c: Context<E>,
  what: string,
  work: (db: Database) => Promise<unknown>,
): void {
  const config = c.get('config');
  const run = (async () => {
    const handle = createDatabase({
      url: config.DATABASE_URL,
      localWebSocketProxy: config.DATABASE_WS_PROXY,
    });
    try {
      await work(handle.db);
    } catch (error) {
      log('warn', `could not ${what} after the response`, { error: describeError(error) });
    } finally {
      await handle.close().catch(() => {});
    }
  })();
  const executionContext = executionContextOf(c);
  if (executionContext) executionContext.waitUntil(run);
}
