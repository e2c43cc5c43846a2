import { type CommandSpec, parseInteger, syntaxError } from './command-spec';
import type { EmbeddedStore, Entry } from './embedded-store';
import { matchesGlob } from './glob-pattern';
import { OK, RedisReplyError, type Reply, Status } from './reply';

const MAX_UINT64 = 2n ** 64n - 1n;

function typeName(entry: Entry): 'string' | 'hash' {
  return Buffer.isBuffer(entry.value) ? 'string' : 'hash';
}

function ttl(store: EmbeddedStore, key: string, unitMs: number): number {
  const entry = store.lookup(key);
  if (!entry) return -2;
  if (entry.expiresAt === undefined) return -1;
  const remaining = entry.expiresAt - store.clock();
  // Redis rounds seconds to the nearest: (ms + 500) / 1000.
  return unitMs === 1 ? remaining : Math.floor((remaining + 500) / 1000);
}

function expiryCommand(name: string, unitMs: number, absolute: boolean): CommandSpec {
  return {
    arity: -3,
    write: true,
    run: (store, [key = '', amount, ...options]) => {
      const value = Number(parseInteger(amount)) * unitMs;
      return store.expire(name, key, absolute ? value : store.clock() + value, options);
    },
  };
}

function flush(store: EmbeddedStore, options: string[]): Reply {
  if (options.length > 1 || (options[0] !== undefined && !/^(a?sync)$/i.test(options[0]))) {
    throw syntaxError();
  }
  store.clear();
  return OK;
}

/** SCAN cursor [MATCH pattern] [COUNT count] [TYPE type]; COUNT, as in Redis, is keys looked at. */
function scan(store: EmbeddedStore, [rawCursor = '', ...options]: string[]): Reply {
  if (!/^\d+$/.test(rawCursor) || BigInt(rawCursor) > MAX_UINT64) {
    throw new RedisReplyError('ERR invalid cursor');
  }
  let pattern: string | undefined;
  let count = 10;
  let type: string | undefined;
  for (let index = 0; index < options.length; index += 2) {
    const option = (options[index] ?? '').toUpperCase();
    const value = options[index + 1];
    if (value === undefined) throw syntaxError();
    if (option === 'MATCH') pattern = value;
    else if (option === 'TYPE') type = value.toLowerCase();
    else if (option === 'COUNT') {
      const parsed = parseInteger(value);
      if (parsed < 1n) throw syntaxError();
      count = parsed > 1_000_000n ? 1_000_000 : Number(parsed);
    } else throw syntaxError();
  }
  const [next, keys] = store.scan(
    BigInt(rawCursor),
    count,
    (key, entry) =>
      (pattern === undefined || matchesGlob(pattern, key)) &&
      (type === undefined || typeName(entry) === type),
  );
  return [Buffer.from(next.toString()), keys.map((key) => Buffer.from(key))];
}

export const KEYSPACE_COMMANDS: Record<string, CommandSpec> = {
  PING: {
    arity: -1,
    run: (_store, args) => {
      if (args.length > 1) throw new RedisReplyError("ERR wrong number of arguments for 'ping' command");
      return args[0] === undefined ? new Status('PONG') : Buffer.from(args[0]);
    },
  },
  ECHO: { arity: 2, run: (_store, [message = '']) => Buffer.from(message) },
  DEL: { arity: -2, write: true, run: (store, keys) => keys.filter((key) => store.delete(key)).length },
  UNLINK: { arity: -2, write: true, run: (store, keys) => keys.filter((key) => store.delete(key)).length },
  EXISTS: { arity: -2, run: (store, keys) => keys.filter((key) => store.lookup(key)).length },
  TYPE: {
    arity: 2,
    run: (store, [key = '']) => {
      const entry = store.lookup(key);
      return new Status(entry ? typeName(entry) : 'none');
    },
  },
  EXPIRE: expiryCommand('expire', 1_000, false),
  PEXPIRE: expiryCommand('pexpire', 1, false),
  EXPIREAT: expiryCommand('expireat', 1_000, true),
  PEXPIREAT: expiryCommand('pexpireat', 1, true),
  TTL: { arity: 2, run: (store, [key = '']) => ttl(store, key, 1_000) },
  PTTL: { arity: 2, run: (store, [key = '']) => ttl(store, key, 1) },
  PERSIST: {
    arity: 2,
    write: true,
    run: (store, [key = '']) => {
      const entry = store.lookup(key);
      if (entry?.expiresAt === undefined) return 0;
      entry.expiresAt = undefined;
      return 1;
    },
  },
  SCAN: { arity: -2, run: scan },
  KEYS: {
    arity: 2,
    run: (store, [pattern = '']) => {
      const keys: Buffer[] = [];
      for (const [key] of store.liveEntries()) if (matchesGlob(pattern, key)) keys.push(Buffer.from(key));
      return keys;
    },
  },
  DBSIZE: { arity: 1, run: (store) => store.size() },
  FLUSHDB: { arity: -1, write: true, run: flush },
  FLUSHALL: { arity: -1, write: true, run: flush },
};
