import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { TestProject } from 'vitest/node';
import { freePort, startUpstashRedis, type UpstashRedis } from '../../packages/devstack/src/index';

declare module 'vitest' {
  export interface ProvidedContext {
    upstashRedisUrl: string;
    upstashRedisToken: string;
    /** Accepts connections and never answers: for proving that cache calls time out. */
    unresponsiveUrl: string;
  }
}

let standIn: UpstashRedis | undefined;
let unresponsive: Server | undefined;

/**
 * Starts the Upstash Redis stand-in the Worker suite's catalog cache talks to. Always on the
 * embedded store: like the in-memory database of the same run, the cache starts empty, so no
 * entry from an earlier run can answer for rows this run never wrote. (The stand-in's own tests
 * cover a real Redis behind it.)
 */
export async function setup(project: TestProject): Promise<void> {
  standIn = await startUpstashRedis({ port: await freePort(), token: randomBytes(16).toString('hex') });
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
