import { createDatabase, type DatabaseHandle } from '@edge-commerce/db';
import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import { catalogCacheFor } from '../cache/catalog-cache-for';
import { loadConfig } from '../config';
import type { AppEnv } from '../env';
import { ApiError } from '../errors/problem';
import { relaySoon } from '../events/relay-soon';
import { log, setLogLevel } from '../log';

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Validates the configuration and builds the request's services. The database connects
 * lazily, so routes that never query (docs, 404s) open no socket, and it is closed after the
 * response, off the response's critical path where the host allows it.
 */
export const services = () =>
  createMiddleware<AppEnv>(async (c, next) => {
    const loaded = loadConfig(c.env ?? {});
    if (!loaded.ok) {
      log('error', 'configuration invalid', { requestId: c.get('requestId'), problems: loaded.problems });
      throw new ApiError(
        'server_misconfigured',
        'The service is not configured correctly; the operators have been alerted.',
      );
    }
    const { config } = loaded;
    setLogLevel(config.LOG_LEVEL);
    c.set('config', config);
    const executionContext = executionContextOf(c);
    // Layered (isolate, Cache API, Upstash Redis) when UPSTASH_REDIS_REST_URL is set; else none.
    c.set(
      'catalogCache',
      catalogCacheFor(config, {
        waitUntil: waitUntilOf(executionContext),
        requestId: c.get('requestId'),
      }),
    );

    let handle: DatabaseHandle | undefined;
    c.set('database', () => {
      handle ??= createDatabase({
        url: config.DATABASE_URL,
        localWebSocketProxy: config.DATABASE_WS_PROXY,
      });
      return handle.db;
    });

    try {
      await next();
      const statements = (handle?.statementCount() ?? 0) + (c.get('objectStatements') ?? 0);
      // Outside production, say how many SQL round trips the request cost (tests and the
      // benchmark assert budgets on it); in production that is our business only.
      if (config.ENVIRONMENT !== 'production') {
        c.header('Server-Timing', statementsTiming(statements), { append: true });
      }
      // A write that reached Postgres may have recorded integration events: publish them now.
      if (statements > 0 && c.res.status < 400 && !READS.has(c.req.method)) relaySoon(c);
    } finally {
      if (handle) {
        const closing = handle.close().catch(() => {});
        if (executionContext) executionContext.waitUntil(closing);
        else await closing;
      }
    }
  });

/** The `Server-Timing` entry that counts a request's SQL round trips. */
export function statementsTiming(count: number): string {
  return `db;desc="${count} statements"`;
}

function waitUntilOf(
  executionContext: Context<AppEnv>['executionCtx'] | undefined,
): ((promise: Promise<unknown>) => void) | undefined {
  return executionContext ? (promise) => executionContext.waitUntil(promise) : undefined;
}

// `c.executionCtx` throws where the host gives none (Bun, Deno, Node, `app.request()`).
export function executionContextOf<E extends AppEnv>(c: Context<E>): Context<E>['executionCtx'] | undefined {
  try {
    return c.executionCtx;
  } catch {
    return undefined;
  }
}
