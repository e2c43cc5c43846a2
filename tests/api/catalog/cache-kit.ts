import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { Redis } from '@upstash/redis/cloudflare';
import { inject } from 'vitest';
import type { CachedBody, CatalogCache } from '../../../workers/api/src/cache/catalog-cache';
import { catalogCacheFor, newIsolateCatalogState } from '../../../workers/api/src/cache/catalog-cache-for';
import {
  type IsolateCatalogState,
  LayeredCatalogCache,
} from '../../../workers/api/src/cache/layered-catalog-cache';
import { publishCatalogInvalidations } from '../../../workers/api/src/catalog/write/cache-invalidation';
import { type Config, ConfigSchema } from '../../../workers/api/src/config';
import { withDatabase } from './catalog-test-kit';

declare module 'vitest' {
  // Provided by tests/setup/upstash-redis.ts (declared there for the Node side).
  export interface ProvidedContext {
    unresponsiveUrl: string;
  }
}

/** An endpoint that accepts connections and never answers. */
export function unresponsiveUrl(): string {
  return inject('unresponsiveUrl');
}

// Catalog cache suites build the real cache from the Worker's bindings, each under its own key
// prefix, so that they neither see nor invalidate each other's entries (or the routes').

/** The validated configuration of the test Worker, with some variables replaced. */
export function configWith(overrides: Record<string, string> = {}): Config {
  return ConfigSchema.parse({ ...env, ...overrides });
}

export function uniquePrefix(): string {
  return `test-${crypto.randomUUID()}`;
}

export interface TestIsolate {
  /** What the isolate keeps between requests (tests break its Redis client to play an outage). */
  state: IsolateCatalogState;
  /** A request's view of the cache in this isolate, its background writes awaited by `settle`. */
  cache(): CatalogCache;
  /** Waits for the cache writes the last requests left to `waitUntil`. */
  settle(): Promise<void>;
}

/**
 * One simulated isolate: its own LRU and version knowledge, sharing Redis (and the Cache API)
 * with every other isolate of the same prefix, as isolates of one data centre do.
 */
export function isolate(
  prefix: string,
  options: { config?: Config; withoutEdgeCache?: boolean; staleWhileUnconfirmed?: boolean } = {},
): TestIsolate {
  const config = options.config ?? configWith();
  const state = newIsolateCatalogState({
    url: config.UPSTASH_REDIS_REST_URL ?? '',
    token: config.UPSTASH_REDIS_REST_TOKEN ?? '',
    prefix,
    timeoutMs: config.CATALOG_CACHE_TIMEOUT_MS,
    withoutEdgeCache: options.withoutEdgeCache ?? false,
  });
  let contexts: ExecutionContext[] = [];
  return {
    state,
    cache() {
      const context = createExecutionContext();
      contexts.push(context);
      return new LayeredCatalogCache({
        state,
        ttlMs: config.CATALOG_CACHE_TTL_SECONDS * 1000,
        versionCheckMs: config.CATALOG_VERSION_CHECK_MS,
        timeoutMs: config.CATALOG_CACHE_TIMEOUT_MS,
        waitUntil: (promise) => context.waitUntil(promise),
        staleWhileUnconfirmed: options.staleWhileUnconfirmed,
      });
    },
    async settle() {
      const pending = contexts;
      contexts = [];
      await Promise.all(pending.map((context) => waitOnExecutionContext(context)));
    },
  };
}

/** A loader standing in for the database: counts its renders, and says which one it was. */
export function countingLoader(label = 'product') {
  let renders = 0;
  return {
    load: async (): Promise<CachedBody> => {
      renders++;
      return { body: JSON.stringify({ label, render: renders }), etag: `"${label}-${renders}"` };
    },
    renders: () => renders,
  };
}

/** The stand-in itself, through the same SDK, to look at or tamper with what the cache stored. */
export function directRedis(): Redis {
  const config = configWith();
  return new Redis({
    url: config.UPSTASH_REDIS_REST_URL,
    token: config.UPSTASH_REDIS_REST_TOKEN,
    automaticDeserialization: false,
    enableTelemetry: false,
  });
}

/**
 * For suites that change catalog rows behind the API's back (SQL fixtures): what a write through
 * the API does after its commit, publishing the invalidations its transaction recorded. With the
 * suite's CATALOG_VERSION_CHECK_MS=0, every isolate's next read renders again.
 */
export async function invalidateCatalog(): Promise<void> {
  await withDatabase((db) => publishCatalogInvalidations({ db, cache: catalogCacheFor(configWith()) }));
}
