import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { TestProject } from 'vitest/node';
import { freePort, startUpstashRedis, type UpstashRedis } from '../../packages/devstack/src/index';

declare module 'vitest' {
  export interface ProvidedContext {
    upstashRedisUrl: string;
    upstashRedisToken: string;
    /** Per-run key namespaces in Redis. */
    catalogCachePrefix: string;
    rateLimitPrefix: string;
    /** Accepts connections and never answers: for proving that cache calls time out. */
    unresponsiveUrl: string;
  }
}

let standIn: UpstashRedis | undefined;
let unresponsive: Server | undefined;

/**
 * Starts the Upstash Redis stand-in the Worker suite's catalog cache and strict rate limits talk
 * to: on the embedded store, or in front of the real Redis `REDIS_URL` names (CI's second run).
 * Either way the run's keys live under prefixes of its own, so nothing an earlier run left in a
 * real Redis (a cached page, a rate-limit count) can answer for this one.
 */
export async function setup(project: TestProject): Promise<void> {
  standIn = await startUpstashRedis({
    port: await freePort(),
    token: randomBytes(16).toString('hex'),
    redisUrl: process.env.REDIS_URL || undefined,
  });
  const run = randomBytes(6).toString('hex');
  project.provide('catalogCachePrefix', `test-${run}-catalog`);
  project.provide('rateLimitPrefix', `test-${run}-ratelimit`);
  unresponsive = createServer(() => {
    // Never answer: the request hangs until the client gives up.
  });
  const unresponsivePort = await freePort();
  await new Promise<void>((resolve) => unresponsive?.listen(unresponsivePort, '127.0.0.1', resolve));
  project.provide('upstashRedisUrl', standIn.url);
  project.provide('upstashRedisToken', standIn.token);
  project.provide('unresponsiveUrl', `http://127.0.0.1:${unresponsivePort}`);
  console.log(`[workers suite] Upstash Redis stand-in: ${standIn.url} (${standIn.backend})`);
}

export async function teardown(): Promise<void> {
  unresponsive?.closeAllConnections();
  await new Promise<void>((resolve) => (unresponsive ? unresponsive.close(() => resolve()) : resolve()));
  await standIn?.stop();
}
