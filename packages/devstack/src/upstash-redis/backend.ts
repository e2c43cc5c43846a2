import type { RedisReplyError, Reply } from './reply';

/** Where the stand-in's commands run: an in-memory store, or a real Redis. */
export interface RedisBackend {
  readonly kind: 'embedded' | 'redis';
  /** Runs one command. Rejects with RedisReplyError for an error reply, anything else if Redis is unreachable. */
  command(args: string[]): Promise<Reply>;
  /**
   * Runs the commands in MULTI/EXEC. A command Redis refuses while queueing (unknown, wrong
   * arity) discards the whole transaction: that rejects with RedisReplyError. Errors while
   * executing come back in place, as Redis gives them.
   */
  transaction(commands: string[][]): Promise<(Reply | RedisReplyError)[]>;
  close(): Promise<void>;
}

/** Thrown when the backing Redis cannot be reached at all: answered 503, not 400. */
export class BackendUnavailableError extends Error {
  override readonly name = 'BackendUnavailableError';
}
