import { createClient, ErrorReply, MultiErrorReply, RESP_TYPES } from 'redis';
import { BackendUnavailableError, type RedisBackend } from './backend';
import { RedisReplyError, type Reply, Status } from './reply';

// Bulk strings as Buffers, status replies as strings: Upstash encodes the two differently.
const TYPE_MAPPING = { [RESP_TYPES.BLOB_STRING]: Buffer } as const;

/**
 * Connects the stand-in to a real Redis (`REDIS_URL`). Commands go through unchanged, so
 * every command and error message is Redis's own. Offline queueing is off: while Redis is
 * down a command fails at once (503) instead of hanging the Worker's request.
 */
export async function redisBackend(url: string): Promise<RedisBackend> {
  let connected = false;
  const client = createClient({
    url,
    disableOfflineQueue: true,
    socket: {
      connectTimeout: 2_000,
      // At start-up a Redis that is not there is a configuration error: fail after a few tries
      // rather than wait forever. Once up, keep reconnecting: Redis may just be restarting.
      reconnectStrategy: (retries, cause) =>
        connected || retries < 3 ? Math.min(100 * 2 ** retries, 2_000) : cause,
    },
  }).withTypeMapping(TYPE_MAPPING);
  let lastError = '';
  // Without a listener node-redis would throw connection errors at the process.
  client.on('error', (error: unknown) => {
    lastError = error instanceof Error ? error.message : String(error);
  });
  try {
    await client.connect();
    connected = true;
  } catch (error) {
    throw new Error(`Cannot reach Redis at ${url} (REDIS_URL): ${(error as Error).message || lastError}`);
  }

  const translate = (error: unknown): Error => {
    if (error instanceof ErrorReply) return new RedisReplyError(error.message);
    return new BackendUnavailableError(
      `Redis is unavailable: ${(error as Error).message || lastError || 'unknown error'}`,
    );
  };

  return {
    kind: 'redis',
    async command(args) {
      try {
        return toReply(await client.sendCommand(args));
      } catch (error) {
        throw translate(error);
      }
    },
    async transaction(commands) {
      const multi = client.multi();
      for (const args of commands) multi.addCommand(args);
      try {
        return (await multi.exec()).map(toReply);
      } catch (error) {
        if (error instanceof MultiErrorReply) {
          return error.replies.map((reply) =>
            reply instanceof ErrorReply ? new RedisReplyError(reply.message) : toReply(reply),
          );
        }
        const translated = translate(error);
        if (translated instanceof RedisReplyError) {
          throw new RedisReplyError(
            `EXECABORT Transaction discarded because of previous errors: ${translated.message}`,
          );
        }
        throw translated;
      }
    },
    async close() {
      if (client.isOpen) await client.close();
    },
  };
}

function toReply(value: unknown): Reply {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return value;
  if (Buffer.isBuffer(value)) return value;
  if (typeof value === 'string') return new Status(value);
  if (Array.isArray(value)) return value.map(toReply);
  // RESP2 has nothing else; anything else is a bug here, not the caller's.
  throw new Error(`Unexpected reply from Redis: ${String(value)}`);
}
