import { Redis } from '@upstash/redis/cloudflare';
import { parseEntry, type StoredEntry, serialiseEntry } from './stored-entry';
import { asCacheTimeout, withTimeout } from './timeout';

export interface CatalogRedisOptions {
  url: string;
  token: string;
  /** Namespaces every key, so environments (or test suites) can share one database. */
  prefix: string;
  timeoutMs: number;
}

/** What a read got from Redis for an entry: a usable one, nothing, or something unusable. */
export type RedisEntryLookup = { kind: 'hit'; entry: StoredEntry } | { kind: 'miss' } | { kind: 'garbage' };

/** The catalog cache's use of Upstash Redis: one version counter and entries keyed by it. */
export interface CatalogRedis {
  /** The current version; a missing or unreadable counter is (re)started at a fresh number. */
  readVersion(now: number): Promise<{ version: number; repaired: boolean }>;
  /** A number never used as a version before: every entry of earlier versions becomes unreachable. */
  bumpVersion(now: number): Promise<number>;
  readEntry(version: number, key: string): Promise<RedisEntryLookup>;
  writeEntry(version: number, key: string, entry: StoredEntry, ttlMs: number): Promise<void>;
}

/**
 * Through the real `@upstash/redis` SDK. Each command is bounded by the timeout twice over: the
 * SDK aborts its fetch, and the race gives up even if an abort goes unheard. The SDK's own
 * retries are off: a cache that fails should fail fast, and the read go to the database.
 */
export function upstashCatalogRedis(options: CatalogRedisOptions): CatalogRedis {
  const redis = new Redis({
    url: options.url,
    token: options.token,
    retry: { retries: 0, backoff: () => 0 },
    // Raw strings back: the cache validates what it reads itself, garbage included.
    automaticDeserialization: false,
    enableTelemetry: false,
    signal: () => AbortSignal.timeout(options.timeoutMs),
    // The client outlives requests: batching would put one request's command in another's fetch.
    enableAutoPipelining: false,
  });
  const versionKey = `${options.prefix}:version`;
  const entryKey = (version: number, key: string) => `${options.prefix}:v${version}:${key}`;
  const bounded = <T>(work: Promise<T>, what: string) =>
    withTimeout(
      work.catch((error: unknown) => {
        throw asCacheTimeout(error, `Redis ${what}`, options.timeoutMs);
      }),
      options.timeoutMs,
      `Redis ${what}`,
    );

  // A counter started at the clock's milliseconds, not at 0: if Redis ever loses it, the
  // restarted counter is still above every version used before, so no old entry comes back.
  const restart = async (now: number): Promise<number> => {
    const previous = await bounded(redis.set(versionKey, String(now), { nx: true, get: true }), 'SET NX');
    if (previous === null) return now;
    // Another isolate started it first: use theirs.
    const version = parseVersion(previous);
    if (Number.isNaN(version)) throw new Error('the catalog version in Redis is not a number');
    return version;
  };

  return {
    async readVersion(now) {
      const raw = await bounded(redis.get<string>(versionKey), 'GET version');
      if (raw === null) return { version: await restart(now), repaired: true };
      const version = parseVersion(raw);
      if (!Number.isNaN(version)) return { version, repaired: false };
      // Garbage in the counter: a fresh number is both the repair and an invalidation.
      await bounded(redis.set(versionKey, String(now)), 'SET version');
      return { version: now, repaired: true };
    },

    async bumpVersion(now) {
      const [, bumped] = await bounded(
        redis.multi().set(versionKey, String(now), { nx: true }).incr(versionKey).exec(),
        'MULTI bump',
      ).catch(async (error: unknown) => {
        if (!/not an integer/.test(String(error))) throw error;
        await bounded(redis.set(versionKey, String(now)), 'SET version');
        return [null, now] as const;
      });
      const version = Number(bumped);
      if (!Number.isSafeInteger(version)) throw new Error(`INCR answered ${String(bumped)}`);
      return version;
    },

    async readEntry(version, key) {
      const raw = await bounded(redis.get<string>(entryKey(version, key)), 'GET entry');
      if (raw === null) return { kind: 'miss' };
      const entry = parseEntry(raw);
      return entry ? { kind: 'hit', entry } : { kind: 'garbage' };
    },

    async writeEntry(version, key, entry, ttlMs) {
      await bounded(
        redis.set(entryKey(version, key), serialiseEntry(entry), { px: Math.max(1, ttlMs) }),
        'SET entry',
      );
    },
  };
}

function parseVersion(raw: unknown): number {
  const text = typeof raw === 'number' ? String(raw) : raw;
  if (typeof text !== 'string' || !/^\d{1,15}$/.test(text)) return Number.NaN;
  return Number(text);
}
