import type { Config } from '../config';
import { type CatalogCache, uncachedCatalog } from './catalog-cache';
import { upstashCatalogRedis } from './catalog-redis';
import { CatalogVersionState } from './catalog-version';
import { workersEdgeCache } from './edge-cache';
import { type IsolateCatalogState, LayeredCatalogCache } from './layered-catalog-cache';
import { RenderFlights } from './render-flights';
import { RenderedLru } from './rendered-lru';

/**
 * Bounds of the in-isolate copy: an isolate has 128 MB for everything it does. The addresses
 * that lead to entries (at most `maxEntries`, each at most 1,024 characters) come on top.
 */
export const ISOLATE_CACHE_LIMITS = { maxEntries: 5_000, maxBytes: 16 * 1024 * 1024 } as const;

/** The key prefix in Redis and the Cache API: CATALOG_CACHE_PREFIX's default. */
export const DEFAULT_CACHE_PREFIX = 'catalog';

export interface CatalogCacheContext {
  waitUntil?: ((promise: Promise<unknown>) => void) | undefined;
  requestId?: string | undefined;
  /** Overrides CATALOG_CACHE_PREFIX: tests pass their own to stay out of each other's way. */
  prefix?: string;
  /** Trust a version read from Redis at least this long, whatever CATALOG_VERSION_CHECK_MS says. */
  minVersionCheckMs?: number;
  /** False for Durable Objects: they may not join each other's in-flight reads (layered-catalog-cache.ts). */
  sharesInFlight?: boolean;
  /** Serve the last believed version's entries while Redis cannot confirm one (layered-catalog-cache.ts). */
  staleWhileUnconfirmed?: boolean;
}

// One per isolate and configuration, kept across requests: that is the point of the LRU. It
// holds no I/O object: the Redis client is configuration plus `fetch` calls made inside the
// request that awaits them, which Workers allows.
const isolateStates = new Map<string, IsolateCatalogState>();
// The same states by validated configuration object, which is one per isolate: every request
// needs its state, and this finds it without building the settings key.
const statesByConfig = new WeakMap<Config, IsolateCatalogState>();

/**
 * The request's catalog cache: layered (isolate, Cache API, Upstash Redis) when Redis is
 * configured and the TTL is above zero, otherwise no cache at all.
 */
export function catalogCacheFor(config: Config, context: CatalogCacheContext = {}): CatalogCache {
  const url = config.UPSTASH_REDIS_REST_URL;
  const token = config.UPSTASH_REDIS_REST_TOKEN;
  if (!url || !token || config.CATALOG_CACHE_TTL_SECONDS === 0) return uncachedCatalog;
  const timeoutMs = config.CATALOG_CACHE_TIMEOUT_MS;
  let state = context.prefix === undefined ? statesByConfig.get(config) : undefined;
  if (!state) {
    const prefix = context.prefix ?? config.CATALOG_CACHE_PREFIX;
    const stateKey = JSON.stringify([url, token, prefix, timeoutMs]);
    state = isolateStates.get(stateKey) ?? newIsolateCatalogState({ url, token, prefix, timeoutMs });
    isolateStates.set(stateKey, state);
    if (context.prefix === undefined) statesByConfig.set(config, state);
  }
  return new LayeredCatalogCache({
    state,
    ttlMs: config.CATALOG_CACHE_TTL_SECONDS * 1000,
    versionCheckMs: Math.max(config.CATALOG_VERSION_CHECK_MS, context.minVersionCheckMs ?? 0),
    timeoutMs,
    waitUntil: context.waitUntil,
    requestId: context.requestId,
    sharesInFlight: context.sharesInFlight,
    staleWhileUnconfirmed: context.staleWhileUnconfirmed,
  });
}

/**
 * A fresh isolate's view of the cache (empty LRU, no version yet). The services middleware
 * keeps one per configuration; tests make several to play several isolates.
 */
export function newIsolateCatalogState(options: {
  url: string;
  token: string;
  prefix: string;
  timeoutMs: number;
  /** Leave out the Cache API layer, as on a host without one. */
  withoutEdgeCache?: boolean;
}): IsolateCatalogState {
  return {
    version: new CatalogVersionState(),
    entries: new RenderedLru(ISOLATE_CACHE_LIMITS),
    redis: upstashCatalogRedis(options),
    edge: options.withoutEdgeCache ? undefined : workersEdgeCache(options.prefix, options.timeoutMs),
    edgeSuspendedUntil: Number.NEGATIVE_INFINITY,
    flights: new RenderFlights(),
  };
}
