import type { RedisBackend } from './backend';
import { OK, RedisReplyError, type Reply, Status } from './reply';

interface Entry {
  value: Buffer;
  /** Epoch milliseconds; undefined: no expiry. */
  expiresAt: number | undefined;
}

interface CommandSpec {
  /** Redis's convention, name included: n means exactly n arguments, -n at least n. */
  arity: number;
  run(store: EmbeddedStore, args: string[]): Reply;
}

const MAX_INT64 = 2n ** 63n - 1n;
const MIN_INT64 = -(2n ** 63n);

const notAnInteger = () => new RedisReplyError('ERR value is not an integer or out of range');
const syntaxError = () => new RedisReplyError('ERR syntax error');

function parseInteger(raw: string | undefined): bigint {
  if (raw === undefined || !/^-?\d+$/.test(raw)) throw notAnInteger();
  const value = BigInt(raw);
  if (value > MAX_INT64 || value < MIN_INT64) throw notAnInteger();
  return value;
}

/**
 * The slice of Redis the project uses, in memory, with real expiry: the stand-in's default
 * backend, so `npm start` and the tests need no Redis server. Commands it does not know are
 * refused with Redis's own "unknown command" error, never silently ignored.
 */
export class EmbeddedStore {
  private readonly entries = new Map<string, Entry>();
  private sweeper: ReturnType<typeof setInterval> | undefined;

  constructor(private readonly now: () => number = Date.now) {}

  /** Runs one command; throws RedisReplyError for what Redis would answer with an error. */
  execute(args: string[]): Reply {
    const spec = this.check(args);
    return spec.run(this, args.slice(1));
  }

  /** Queues then runs, as MULTI/EXEC does: a queueing error discards everything. */
  transaction(commands: string[][]): (Reply | RedisReplyError)[] {
    const specs = commands.map((args) => {
      try {
        return this.check(args);
      } catch (error) {
        throw new RedisReplyError(
          `EXECABORT Transaction discarded because of previous errors: ${(error as Error).message}`,
        );
      }
    });
    // Synchronous, so nothing interleaves: as atomic as Redis's EXEC.
    return specs.map((spec, index) => {
      try {
        return spec.run(this, (commands[index] ?? []).slice(1));
      } catch (error) {
        if (error instanceof RedisReplyError) return error;
        throw error;
      }
    });
  }

  /** Drops expired keys now and then, so keys nobody reads again still free their memory. */
  startSweeping(intervalMs = 1_000): void {
    this.sweeper ??= setInterval(() => this.sweep(), intervalMs);
    this.sweeper.unref();
  }

  stopSweeping(): void {
    clearInterval(this.sweeper);
    this.sweeper = undefined;
  }

  sweep(): void {
    for (const key of this.entries.keys()) this.lookup(key);
  }

  private check(args: string[]): CommandSpec {
    const [name = '', ...rest] = args;
    const spec = COMMANDS[name.toUpperCase()];
    if (!spec) {
      const start = rest
        .slice(0, 3)
        .map((arg) => `'${arg.slice(0, 128)}' `)
        .join('');
      throw new RedisReplyError(`ERR unknown command '${name}', with args beginning with: ${start}`);
    }
    const count = args.length;
    if (spec.arity > 0 ? count !== spec.arity : count < -spec.arity) {
      throw new RedisReplyError(`ERR wrong number of arguments for '${name.toLowerCase()}' command`);
    }
    return spec;
  }

  // --- primitives the commands share ---

  lookup(key: string): Entry | undefined {
    const entry = this.entries.get(key);
    if (entry?.expiresAt !== undefined && entry.expiresAt <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }

  write(key: string, value: Buffer, expiresAt: number | undefined): void {
    this.entries.set(key, { value, expiresAt });
  }

  delete(key: string): boolean {
    return this.lookup(key) !== undefined && this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }

  size(): number {
    this.sweep();
    return this.entries.size;
  }

  clock(): number {
    return this.now();
  }

  /** INCRBY and friends: the value must be a 64-bit integer, the expiry is kept. */
  increment(key: string, by: bigint): number {
    const entry = this.lookup(key);
    const current = entry ? parseInteger(entry.value.toString('utf8')) : 0n;
    const next = current + by;
    if (next > MAX_INT64 || next < MIN_INT64) {
      throw new RedisReplyError('ERR increment or decrement would overflow');
    }
    this.write(key, Buffer.from(next.toString()), entry?.expiresAt);
    return Number(next);
  }

  /** EXPIRE/PEXPIRE/EXPIREAT/PEXPIREAT with their NX/XX/GT/LT conditions. */
  expire(command: string, key: string, at: number, options: string[]): number {
    const condition = options.map((option) => option.toUpperCase());
    for (const option of condition) {
      if (!['NX', 'XX', 'GT', 'LT'].includes(option)) {
        throw new RedisReplyError(`ERR Unsupported option ${option}`);
      }
    }
    if (condition.includes('NX') && condition.length > 1) {
      throw new RedisReplyError('ERR NX and XX, GT or LT options at the same time are not compatible');
    }
    const entry = this.lookup(key);
    if (!entry) return 0;
    const current = entry.expiresAt;
    // Redis counts "no expiry" as an infinite TTL for GT and LT.
    if (condition.includes('NX') && current !== undefined) return 0;
    if (condition.includes('XX') && current === undefined) return 0;
    if (condition.includes('GT') && (current === undefined || at <= current)) return 0;
    if (condition.includes('LT') && current !== undefined && at >= current) return 0;
    if (!Number.isSafeInteger(at)) {
      throw new RedisReplyError(`ERR invalid expire time in '${command}' command`);
    }
    if (at <= this.now()) this.entries.delete(key);
    else entry.expiresAt = at;
    return 1;
  }
}

function bulk(entry: Entry | undefined): Buffer | null {
  return entry ? entry.value : null;
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
    run: (store, [key = '', amount, ...options]) => {
      const value = Number(parseInteger(amount)) * unitMs;
      return store.expire(name, key, absolute ? value : store.clock() + value, options);
    },
  };
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
  const old = bulk(existing);
  const allowed = condition === 'NX' ? !existing : condition === 'XX' ? Boolean(existing) : true;
  if (allowed) {
    store.write(key, Buffer.from(value), keepTtl ? existing?.expiresAt : expiresAt);
  }
  if (returnOld) return old;
  return allowed ? OK : null;
}

const COMMANDS: Record<string, CommandSpec> = {
  PING: {
    arity: -1,
    run: (_store, args) => {
      if (args.length > 1) throw new RedisReplyError("ERR wrong number of arguments for 'ping' command");
      return args[0] === undefined ? new Status('PONG') : Buffer.from(args[0]);
    },
  },
  ECHO: { arity: 2, run: (_store, [message = '']) => Buffer.from(message) },
  GET: { arity: 2, run: (store, [key = '']) => bulk(store.lookup(key)) },
  GETDEL: {
    arity: 2,
    run: (store, [key = '']) => {
      const value = bulk(store.lookup(key));
      store.delete(key);
      return value;
    },
  },
  SET: { arity: -3, run: set },
  MGET: { arity: -2, run: (store, keys) => keys.map((key) => bulk(store.lookup(key))) },
  MSET: {
    arity: -3,
    run: (store, args) => {
      if (args.length % 2 !== 0)
        throw new RedisReplyError("ERR wrong number of arguments for 'mset' command");
      for (let index = 0; index < args.length; index += 2) {
        store.write(args[index] ?? '', Buffer.from(args[index + 1] ?? ''), undefined);
      }
      return OK;
    },
  },
  STRLEN: { arity: 2, run: (store, [key = '']) => store.lookup(key)?.value.length ?? 0 },
  DEL: { arity: -2, run: (store, keys) => keys.filter((key) => store.delete(key)).length },
  UNLINK: { arity: -2, run: (store, keys) => keys.filter((key) => store.delete(key)).length },
  EXISTS: { arity: -2, run: (store, keys) => keys.filter((key) => store.lookup(key)).length },
  TYPE: { arity: 2, run: (store, [key = '']) => new Status(store.lookup(key) ? 'string' : 'none') },
  INCR: { arity: 2, run: (store, [key = '']) => store.increment(key, 1n) },
  DECR: { arity: 2, run: (store, [key = '']) => store.increment(key, -1n) },
  INCRBY: { arity: 3, run: (store, [key = '', by]) => store.increment(key, parseInteger(by)) },
  DECRBY: { arity: 3, run: (store, [key = '', by]) => store.increment(key, -parseInteger(by)) },
  EXPIRE: expiryCommand('expire', 1_000, false),
  PEXPIRE: expiryCommand('pexpire', 1, false),
  EXPIREAT: expiryCommand('expireat', 1_000, true),
  PEXPIREAT: expiryCommand('pexpireat', 1, true),
  TTL: { arity: 2, run: (store, [key = '']) => ttl(store, key, 1_000) },
  PTTL: { arity: 2, run: (store, [key = '']) => ttl(store, key, 1) },
  PERSIST: {
    arity: 2,
    run: (store, [key = '']) => {
      const entry = store.lookup(key);
      if (entry?.expiresAt === undefined) return 0;
      entry.expiresAt = undefined;
      return 1;
    },
  },
  DBSIZE: { arity: 1, run: (store) => store.size() },
  FLUSHDB: { arity: -1, run: flush },
  FLUSHALL: { arity: -1, run: flush },
};

function flush(store: EmbeddedStore, options: string[]): Reply {
  if (options.length > 1 || (options[0] !== undefined && !/^(a?sync)$/i.test(options[0]))) {
    throw syntaxError();
  }
  store.clear();
  return OK;
}

/** The embedded store behind the RedisBackend interface the HTTP layer talks to. */
export function embeddedBackend(store = new EmbeddedStore()): RedisBackend & { store: EmbeddedStore } {
  store.startSweeping();
  return {
    kind: 'embedded',
    store,
    command: async (args) => store.execute(args),
    transaction: async (commands) => store.transaction(commands),
    close: async () => store.stopSweeping(),
  };
}
