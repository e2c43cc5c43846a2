import { Ratelimit } from '@upstash/ratelimit';
import { Redis } from '@upstash/redis/cloudflare';
import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { Config } from '../config';
import type { AppEnv } from '../env';
import { ApiError } from '../errors/problem';
import { log } from '../log';
import { clientAddress } from './caller';
import { type RateLimitDecision, rateLimitHeaders, SlidingWindowLimiter } from './sliding-window';

/** A stricter limit a route declares for itself (login, registration, password reset, checkout). */
export interface StrictBucketOptions {
  /** Names the bucket's counters: one bucket, one count per caller, across every route naming it. */
  name: string;
  /** Requests per window per caller, or the configuration's figure for it; 0 turns the bucket off. */
  limit: number | ((config: Config) => number);
  windowSeconds: number;
  /**
   * Who is counted: by default the client's address. Routes that know more (the account a login
   * names) pass it, e.g. `(c) => \`\${c.req.valid('json').email}|\${address}\``.
   */
  callerOf?: (c: Context<AppEnv>) => string | Promise<string>;
}

// Redis answering slower than this counts as down: the fallback decides instead.
const REDIS_TIMEOUT_MS = 500;
const OUTAGE_LOG_INTERVAL_MS = 60_000;

interface Bucket {
  /** Requests per window per caller; 0: the bucket is off. */
  limit: number;
  /** Exact and global: every isolate counts in the same Redis keys. Absent without Redis. */
  global: Ratelimit | undefined;
  /** When Redis cannot answer: per isolate, at half the limit (see `conservativeLimit`). */
  fallback: SlidingWindowLimiter;
}

const buckets = new WeakMap<Config, Map<string, Bucket>>();
let lastOutageLog = Number.NEGATIVE_INFINITY;

/**
 * Half the limit, at least one: while Redis is down a caller spread over a few isolates gets about
 * the limit, not a multiple of it; a login form stays usable.
 */
export const conservativeLimit = (limit: number): number => Math.max(1, Math.floor(limit / 2));

function bucketFor(config: Config, options: StrictBucketOptions): Bucket {
  let perConfig = buckets.get(config);
  if (!perConfig) {
    perConfig = new Map();
    buckets.set(config, perConfig);
  }
  let bucket = perConfig.get(options.name);
  if (!bucket) {
    const limit = typeof options.limit === 'function' ? options.limit(config) : options.limit;
    const redis =
      config.UPSTASH_REDIS_REST_URL && config.UPSTASH_REDIS_REST_TOKEN
        ? new Redis({
            url: config.UPSTASH_REDIS_REST_URL,
            token: config.UPSTASH_REDIS_REST_TOKEN,
            retry: { retries: 0, backoff: () => 0 },
            enableTelemetry: false,
            signal: () => AbortSignal.timeout(REDIS_TIMEOUT_MS),
            // The client outlives requests: batching would put one request's command in another's fetch.
            enableAutoPipelining: false,
          })
        : undefined;
    bucket = {
      limit,
      global: redis
        ? new Ratelimit({
            redis,
            limiter: Ratelimit.slidingWindow(limit, `${options.windowSeconds} s`),
            prefix: `${config.RATE_LIMIT_PREFIX}:${options.name}`,
            // No in-isolate cache of refusals: a refusal must end when the window does, exactly.
            ephemeralCache: false,
            analytics: false,
            timeout: REDIS_TIMEOUT_MS,
          })
        : undefined,
      fallback: new SlidingWindowLimiter(conservativeLimit(limit), options.windowSeconds * 1_000),
    };
    perConfig.set(options.name, bucket);
  }
  return bucket;
}

/**
 * A route's strict bucket, on top of the front door's limits: exact and global through
 * `@upstash/ratelimit` on Upstash Redis (a sliding window, one Redis script per request). When
 * Redis is unreachable, slow or not configured, a conservative in-isolate limit decides instead,
 * and the log says so (at most once a minute per isolate). The route's RateLimit-* fields replace
 * the front door's on its answers: they are the ones closer to being reached.
 */
export const strictBucket = (options: StrictBucketOptions) =>
  createMiddleware<AppEnv>(async (c, next) => {
    const config = c.get('config');
    const bucket = bucketFor(config, options);
    if (bucket.limit === 0) return next();
    const caller = options.callerOf ? await options.callerOf(c) : clientAddress(c.req.raw);
    const decision = await decide(bucket, caller, options, c);
    const headers = rateLimitHeaders(decision);
    if (!decision.allowed) {
      throw new ApiError(
        'rate_limited',
        `Too many requests to ${options.name}; at most ${bucket.limit} every ${options.windowSeconds} s. ` +
          `Retry after ${decision.resetSeconds} s.`,
        { headers: { ...headers, 'Retry-After': String(decision.resetSeconds) } },
      );
    }
    await next();
    for (const [name, value] of Object.entries(headers)) c.header(name, value);
  });

async function decide(
  bucket: Bucket,
  caller: string,
  options: StrictBucketOptions,
  c: Context<AppEnv>,
): Promise<RateLimitDecision> {
  if (bucket.global) {
    try {
      const result = await bucket.global.limit(caller);
      if (result.reason !== 'timeout') {
        waitUntil(c, result.pending);
        return {
          allowed: result.success,
          limit: result.limit,
          remaining: Math.max(0, result.remaining),
          resetSeconds: Math.max(1, Math.ceil((result.reset - Date.now()) / 1_000)),
        };
      }
      outage(options.name, c, 'Redis did not answer in time');
    } catch (error) {
      outage(options.name, c, error instanceof Error ? error.message : String(error));
    }
  } else {
    outage(options.name, c, 'UPSTASH_REDIS_REST_URL is not configured');
  }
  return bucket.fallback.take(caller);
}

function outage(bucket: string, c: Context<AppEnv>, reason: string): void {
  const now = Date.now();
  if (now - lastOutageLog < OUTAGE_LOG_INTERVAL_MS) return;
  lastOutageLog = now;
  log('warn', 'rate limit store unreachable: strict buckets fall back to a conservative per-isolate limit', {
    requestId: c.get('requestId'),
    bucket,
    reason,
  });
}

function waitUntil(c: Context<AppEnv>, promise: Promise<unknown>): void {
  try {
    c.executionCtx.waitUntil(promise);
  } catch {
    // No execution context (tests, other hosts): nothing to keep alive.
  }
}
