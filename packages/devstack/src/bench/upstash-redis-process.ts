import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { UpstashRedis, UpstashRedisOptions } from '../upstash-redis/server';

/** What the child reports once its server listens. */
export type ReadyMessage = { ready: true; url: string; backend: UpstashRedis['backend'] } | { error: string };

const ENTRY = fileURLToPath(new URL('./upstash-redis-process-entry.ts', import.meta.url));

/**
 * The Upstash stand-in in a process of its own. In the bench, the embedded PGlite runs in this
 * process and executes each query synchronously: a cold scenario's 2-second queries would hold
 * the stand-in's answers past the Worker's cache timeout, the Worker would take Redis for down
 * and send warm reads to the database, and the next point would measure that collapse, not the
 * cache. In production Redis is elsewhere; so it is here.
 */
export function startUpstashRedisProcess(options: UpstashRedisOptions): Promise<UpstashRedis> {
  // fork() reuses this process's execArgv, so the child runs TypeScript through tsx as we do.
  const child = fork(ENTRY, [JSON.stringify(options)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise<UpstashRedis>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the Upstash stand-in process exited (${code})`)));
    child.once('message', (message: ReadyMessage) => {
      if ('error' in message) {
        reject(new Error(`the Upstash stand-in did not start: ${message.error}`));
        return;
      }
      child.removeAllListeners('exit');
      resolve({
        url: message.url,
        token: options.token,
        backend: message.backend,
        stop: () =>
          new Promise<void>((stopped) => {
            if (child.exitCode !== null) stopped();
            child.once('exit', () => stopped());
            child.kill('SIGTERM');
          }),
      });
    });
  });
}
