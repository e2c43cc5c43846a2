import { startUpstashRedis, type UpstashRedisOptions } from '../upstash-redis/server';
import type { ReadyMessage } from './upstash-redis-process';

// The child side of startUpstashRedisProcess: serve until the bench stops us or goes away.
const options = JSON.parse(process.argv[2] ?? '{}') as UpstashRedisOptions;
const report = (message: ReadyMessage) => process.send?.(message);
try {
  const server = await startUpstashRedis(options);
  const stop = () => void server.stop().finally(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('disconnect', stop);
  report({ ready: true, url: server.url, backend: server.backend });
} catch (error) {
  report({ error: error instanceof Error ? error.message : String(error) });
  process.exit(1);
}
