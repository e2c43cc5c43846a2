import { addInt64, type CommandSpec, parseInteger, syntaxError, wrongArity } from './command-spec';
import type { EmbeddedStore } from './embedded-store';
import { OK, RedisReplyError, type Reply } from './reply';

/** INCRBY and friends: the value must be a 64-bit integer, the expiry is kept. */
function increment(store: EmbeddedStore, key: string, by: bigint): number {
  const current = store.readString(key);
  const next = addInt64(current ? parseInteger(current.toString('utf8')) : 0n, by);
  store.write(key, Buffer.from(next.toString()), store.lookup(key)?.expiresAt);
  return Number(next);
}

function set(store: EmbeddedStore, [key = '', value = '', ...options]: string[]): Reply {
  let condition: 'NX' | 'XX' | undefined;
  let returnOld = false;
  let expiresAt: number | undefined;
  let expirySet = false;
  let keepTtl = false;
  for (let index = 0; index < options.length; index++) {
    const option = (options[index] ?? '').toUpperCase();
    if ((option === 'NX' || option === 'XX') && condition === undefined) condition = option;
    else if (option === 'GET' && !returnOld) returnOld = true;
    else if (option === 'KEEPTTL' && !expirySet && !keepTtl) keepTtl = true;
    else if (['EX', 'PX', 'EXAT', 'PXAT'].includes(option) && !expirySet && !keepTtl) {
      index++;
      if (index >= options.length) throw syntaxError();
      const amount = parseInteger(options[index]);
      if (amount <= 0n) throw new RedisReplyError("ERR invalid expire time in 'set' command");
      const ms = Number(amount) * (option === 'EX' || option === 'EXAT' ? 1_000 : 1);
      expiresAt = option === 'EX' || option === 'PX' ? store.clock() + ms : ms;
      expirySet = true;
    } else throw syntaxError();
  }
  const existing = store.lookup(key);
  // SET overwrites a key of any type, but GET cannot return a hash: Redis refuses first.
  const old = returnOld ? (store.readString(key) ?? null) : null;
  const allowed = condition === 'NX' ? !existing : condition === 'XX' ? Boolean(existing) : true;
  if (allowed) {
    store.write(key, Buffer.from(value), keepTtl ? existing?.expiresAt : expiresAt);
  }
  if (returnOld) return old;
  return allowed ? OK : null;
}

/** SETEX (seconds) and PSETEX (milliseconds): SET with a mandatory, positive expiry. */
function setWithExpiry(name: string, unitMs: number): CommandSpec {
  return {
    arity: 4,
    write: true,
    run: (store, [key = '', amount, value = '']) => {
      const time = parseInteger(amount);
      const expiresAt = store.clock() + Number(time) * unitMs;
      if (time <= 0n || !Number.isSafeInteger(expiresAt)) {
        throw new RedisReplyError(`ERR invalid expire time in '${name}' command`);
      }
      store.write(key, Buffer.from(value), expiresAt);
      return OK;
    },
  };
}

export const STRING_COMMANDS: Record<string, CommandSpec> = {
  GET: { arity: 2, run: (store, [key = '']) => store.readString(key) ?? null },
  GETDEL: {
    arity: 2,
    write: true,
    run: (store, [key = '']) => {
      const value = store.readString(key) ?? null;
      store.delete(key);
      return value;
    },
  },
  SET: { arity: -3, write: true, run: set },
  SETEX: setWithExpiry('setex', 1_000),
  PSETEX: setWithExpiry('psetex', 1),
  MGET: {
    arity: -2,
    // A key holding another type reads as nil here, not as an error.
    run: (store, keys) =>
      keys.map((key) => {
        const value = store.lookup(key)?.value;
        return Buffer.isBuffer(value) ? value : null;
      }),
  },
  MSET: {
    arity: -3,
    write: true,
    run: (store, args) => {
      if (args.length % 2 !== 0) throw wrongArity('mset');
      for (let index = 0; index < args.length; index += 2) {
        store.write(args[index] ?? '', Buffer.from(args[index + 1] ?? ''), undefined);
      }
      return OK;
    },
  },
  STRLEN: { arity: 2, run: (store, [key = '']) => store.readString(key)?.length ?? 0 },
  INCR: { arity: 2, write: true, run: (store, [key = '']) => increment(store, key, 1n) },
  DECR: { arity: 2, write: true, run: (store, [key = '']) => increment(store, key, -1n) },
  INCRBY: {
    arity: 3,
    write: true,
    run: (store, [key = '', by]) => increment(store, key, parseInteger(by)),
  },
  DECRBY: {
    arity: 3,
    write: true,
    run: (store, [key = '', by]) => increment(store, key, -parseInteger(by)),
  },
};
