import { addInt64, type CommandSpec, parseInteger, wrongArity } from './command-spec';
import type { EmbeddedStore } from './embedded-store';
import { OK, RedisReplyError } from './reply';

/** Field/value pairs after the key; an odd count is Redis's arity error for the command. */
function setFields(store: EmbeddedStore, name: string, [key = '', ...pairs]: string[]): number {
  if (pairs.length % 2 !== 0) throw wrongArity(name);
  const hash = store.hashToWrite(key);
  let added = 0;
  for (let index = 0; index < pairs.length; index += 2) {
    const field = pairs[index] ?? '';
    if (!hash.has(field)) added++;
    hash.set(field, Buffer.from(pairs[index + 1] ?? ''));
  }
  return added;
}

/**
 * Hashes, in insertion order as Redis keeps a small hash (so HGETALL answers in the same order as
 * a real Redis for the hashes scripts use); the key goes when its last field does.
 */
export const HASH_COMMANDS: Record<string, CommandSpec> = {
  HSET: { arity: -4, write: true, run: (store, args) => setFields(store, 'hset', args) },
  HMSET: {
    arity: -4,
    write: true,
    run: (store, args) => {
      setFields(store, 'hmset', args);
      return OK;
    },
  },
  HSETNX: {
    arity: 4,
    write: true,
    run: (store, [key = '', field = '', value = '']) => {
      if (store.readHash(key)?.has(field)) return 0;
      store.hashToWrite(key).set(field, Buffer.from(value));
      return 1;
    },
  },
  HGET: { arity: 3, run: (store, [key = '', field = '']) => store.readHash(key)?.get(field) ?? null },
  HMGET: {
    arity: -3,
    run: (store, [key = '', ...fields]) => {
      const hash = store.readHash(key);
      return fields.map((field) => hash?.get(field) ?? null);
    },
  },
  HGETALL: {
    arity: 2,
    run: (store, [key = '']) =>
      [...(store.readHash(key) ?? [])].flatMap(([field, value]) => [Buffer.from(field), value]),
  },
  HKEYS: {
    arity: 2,
    run: (store, [key = '']) => [...(store.readHash(key)?.keys() ?? [])].map((f) => Buffer.from(f)),
  },
  HVALS: { arity: 2, run: (store, [key = '']) => [...(store.readHash(key)?.values() ?? [])] },
  HLEN: { arity: 2, run: (store, [key = '']) => store.readHash(key)?.size ?? 0 },
  HEXISTS: { arity: 3, run: (store, [key = '', field = '']) => (store.readHash(key)?.has(field) ? 1 : 0) },
  HSTRLEN: { arity: 3, run: (store, [key = '', field = '']) => store.readHash(key)?.get(field)?.length ?? 0 },
  HDEL: {
    arity: -3,
    write: true,
    run: (store, [key = '', ...fields]) => {
      const hash = store.readHash(key);
      if (!hash) return 0;
      const removed = fields.filter((field) => hash.delete(field)).length;
      store.dropIfEmpty(key);
      return removed;
    },
  },
  HINCRBY: {
    arity: 4,
    write: true,
    run: (store, [key = '', field = '', by]) => {
      const increment = parseInteger(by);
      const current = store.readHash(key)?.get(field);
      let value = 0n;
      if (current !== undefined) {
        value = parseIntegerOr(
          current.toString('utf8'),
          () => new RedisReplyError('ERR hash value is not an integer'),
        );
      }
      const next = addInt64(value, increment);
      store.hashToWrite(key).set(field, Buffer.from(next.toString()));
      return Number(next);
    },
  },
};

function parseIntegerOr(text: string, failure: () => Error): bigint {
  try {
    return parseInteger(text);
  } catch {
    throw failure();
  }
}
