import type { EmbeddedStore } from './embedded-store';
import { RedisReplyError, type Reply } from './reply';

/** One command of the embedded store, described as Redis describes its own. */
export interface CommandSpec {
  /** Redis's convention, name included: n means exactly n arguments, -n at least n. */
  arity: number;
  /** Changes data: refused inside read-only scripts (EVAL_RO, `#!lua flags=no-writes`). */
  write?: boolean;
  /** Refused inside scripts, as Redis refuses EVAL or SCRIPT there. */
  noScript?: boolean;
  run(store: EmbeddedStore, args: string[]): Reply;
}

export const MAX_INT64 = 2n ** 63n - 1n;
export const MIN_INT64 = -(2n ** 63n);

export const notAnInteger = () => new RedisReplyError('ERR value is not an integer or out of range');
export const syntaxError = () => new RedisReplyError('ERR syntax error');
export const wrongType = () =>
  new RedisReplyError('WRONGTYPE Operation against a key holding the wrong kind of value');
export const wrongArity = (name: string) =>
  new RedisReplyError(`ERR wrong number of arguments for '${name.toLowerCase()}' command`);

/**
 * A 64-bit integer as Redis reads one (from an argument or a stored value): plain decimal, no
 * sign but `-`, no leading zero, no `-0`; anything else is Redis's "not an integer".
 */
export function parseInteger(raw: string | undefined): bigint {
  if (raw === undefined || !/^(0|-?[1-9]\d*)$/.test(raw)) throw notAnInteger();
  const value = BigInt(raw);
  if (value > MAX_INT64 || value < MIN_INT64) throw notAnInteger();
  return value;
}

/** Adds with Redis's overflow check for INCRBY and HINCRBY. */
export function addInt64(current: bigint, by: bigint): bigint {
  const next = current + by;
  if (next > MAX_INT64 || next < MIN_INT64) {
    throw new RedisReplyError('ERR increment or decrement would overflow');
  }
  return next;
}
