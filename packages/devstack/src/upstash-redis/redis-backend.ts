import { createClient, ErrorReply, MultiErrorReply, RESP_TYPES } from 'redis';
import { BackendUnavailableError, type RedisBackend } from './backend';
import { RedisReplyError, type Reply, type ReplyItem, Status } from './reply';
import { scriptSha1, withoutUpstashOnlyFlags } from './script-source';

// Bulk strings as Buffers, status replies as strings: Upstash encodes the two differently.
const TYPE_MAPPING = { [RESP_TYPES.BLOB_STRING]: Buffer } as const;

/**
 * Connects the stand-in to a real Redis (`REDIS_URL`). Commands go through unchanged, so
 * every command and error message is Redis's own, with one exception: a script's shebang loses
 * the flags only Upstash knows (see ScriptDigests). Offline queueing is off: while Redis is
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

  const digests = new ScriptDigests();
  const translate = (error: unknown): Error => {
    if (error instanceof ErrorReply) return new RedisReplyError(digests.errorFromRedis(error.message));
    return new BackendUnavailableError(
      `Redis is unavailable: ${(error as Error).message || lastError || 'unknown error'}`,
    );
  };

  return {
    kind: 'redis',
    async command(args) {
      try {
        return digests.fromRedis(args, toReply(await client.sendCommand(digests.forRedis(args))));
      } catch (error) {
        throw translate(error);
      }
    },
    async transaction(commands) {
      const multi = client.multi();
      for (const args of commands) multi.addCommand(digests.forRedis(args));
      try {
        return (await multi.exec()).map((reply, index) =>
          digests.fromRedis(commands[index] ?? [], toReply(reply)),
        );
      } catch (error) {
        if (error instanceof MultiErrorReply) {
          return error.replies.map((reply, index) =>
            reply instanceof ErrorReply
              ? new RedisReplyError(digests.errorFromRedis(reply.message))
              : digests.fromRedis(commands[index] ?? [], toReply(reply)),
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
  if (Array.isArray(value)) return value.map(toReplyItem);
  // RESP2 has nothing else; anything else is a bug here, not the caller's.
  throw new Error(`Unexpected reply from Redis: ${String(value)}`);
}

/** Inside an array, Redis may also put an error (a script's `{err = …}` in its reply). */
function toReplyItem(value: unknown): ReplyItem {
  return value instanceof ErrorReply ? new RedisReplyError(value.message) : toReply(value);
}

/**
 * Lets scripts written for Upstash run on a real Redis. @upstash/ratelimit's scripts begin
 * `#!lua flags=allow-key-locking`, a flag Redis refuses; without it they run the same (locking
 * is Upstash's concern). So EVAL and SCRIPT LOAD send the script with that flag taken out, and
 * since Redis then knows it by the digest of what it received, EVALSHA and SCRIPT EXISTS name
 * it by that digest while clients keep using the digest of what they sent (which SCRIPT LOAD
 * answers, as Upstash would). A digest this process never saw goes through as it is: Redis's
 * NOSCRIPT then sends the client back to EVAL, which teaches it.
 */
class ScriptDigests {
  private readonly redisDigest = new Map<string, string>();
  private readonly clientDigest = new Map<string, string>();

  /** The command as Redis must receive it. */
  forRedis(args: string[]): string[] {
    const [name = '', first, ...rest] = args;
    const command = name.toUpperCase();
    if ((command === 'EVAL' || command === 'EVAL_RO') && first !== undefined) {
      return [name, this.adapt(first), ...rest];
    }
    if ((command === 'EVALSHA' || command === 'EVALSHA_RO') && first !== undefined) {
      return [name, this.digestInRedis(first), ...rest];
    }
    if (command === 'SCRIPT' && first?.toUpperCase() === 'LOAD' && rest.length === 1) {
      return [name, first, this.adapt(rest[0] ?? '')];
    }
    if (command === 'SCRIPT' && first?.toUpperCase() === 'EXISTS') {
      return [name, first, ...rest.map((sha) => this.digestInRedis(sha))];
    }
    return args;
  }

  /** Redis's reply as the client expects it: SCRIPT LOAD answers the digest of what it sent. */
  fromRedis(args: string[], reply: Reply): Reply {
    const [name = '', first, script] = args;
    if (name.toUpperCase() === 'SCRIPT' && first?.toUpperCase() === 'LOAD' && script !== undefined) {
      return reply === null || typeof reply === 'number' || Array.isArray(reply)
        ? reply
        : Buffer.from(scriptSha1(script));
    }
    return reply;
  }

  /** A script's error names the script by digest: the client's, not the one Redis ran. */
  errorFromRedis(message: string): string {
    return message.replace(/script: ([0-9a-f]{40}),/, (whole, sha: string) => {
      const sent = this.clientDigest.get(sha);
      return sent ? `script: ${sent},` : whole;
    });
  }

  private adapt(script: string): string {
    const adapted = withoutUpstashOnlyFlags(script);
    if (adapted === undefined) return script;
    const sent = scriptSha1(script);
    const received = scriptSha1(adapted);
    this.redisDigest.set(sent, received);
    this.clientDigest.set(received, sent);
    return adapted;
  }

  private digestInRedis(sha: string): string {
    return this.redisDigest.get(sha.toLowerCase()) ?? sha;
  }
}
