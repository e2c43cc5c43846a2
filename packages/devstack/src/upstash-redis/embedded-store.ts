import type { RedisBackend } from './backend';
import { type CommandSpec, wrongArity, wrongType } from './command-spec';
import { HASH_COMMANDS } from './hash-commands';
import { KEYSPACE_COMMANDS } from './keyspace-commands';
import { LuaScripting, type ScriptHost } from './lua-scripting';
import { RedisReplyError, type Reply, type ReplyItem } from './reply';
import { SCRIPT_COMMANDS } from './script-commands';
import { STRING_COMMANDS } from './string-commands';

/** What a key holds: a string (bytes) or a hash (field → bytes). */
export type StoredValue = Buffer | Map<string, Buffer>;

export interface Entry {
  value: StoredValue;
  /** Epoch milliseconds; undefined: no expiry. */
  expiresAt: number | undefined;
  /** Order of creation, for SCAN's cursor: kept while the key lives, new when it is created again. */
  readonly seq: number;
}

const COMMANDS: Record<string, CommandSpec> = {
  ...KEYSPACE_COMMANDS,
  ...STRING_COMMANDS,
  ...HASH_COMMANDS,
  ...SCRIPT_COMMANDS,
};

/**
 * The slice of Redis the project uses, in memory, with real expiry: the stand-in's default
 * backend, so `npm start` and the tests need no Redis server. Keys hold strings or hashes, with
 * Redis's WRONGTYPE between them, and Lua scripts run against them (EVAL, EVALSHA, SCRIPT).
 * Commands it does not know are refused with Redis's own "unknown command" error, never
 * silently ignored. Keys and hash fields are JavaScript strings (what arrives in Upstash's
 * JSON); values are bytes.
 */
export class EmbeddedStore implements ScriptHost {
  private readonly entries = new Map<string, Entry>();
  private sweeper: ReturnType<typeof setInterval> | undefined;
  private lastSeq = 0;
  private lua: LuaScripting | undefined;
  /** Where the last SCAN stopped: the key its cursor names, and the keys after it (live). */
  private lastScan: { cursor: bigint; stoppedAt: string; rest: Iterator<string> } | undefined;

  constructor(private readonly now: () => number = Date.now) {}

  /** Runs one command; throws RedisReplyError for what Redis would answer with an error. */
  execute(args: string[]): Reply {
    const spec = this.check(args);
    return spec.run(this, args.slice(1));
  }

  /**
   * Runs a command for a script's redis.call, refused as Redis refuses it there: unknown
   * commands, wrong arity, scripting commands, and writes from a read-only script.
   */
  executeFromScript(args: string[], readOnly: boolean): Reply {
    const [name = ''] = args;
    const spec = COMMANDS[name.toUpperCase()];
    if (!spec) throw new RedisReplyError('ERR Unknown Redis command called from script');
    if (spec.arity > 0 ? args.length !== spec.arity : args.length < -spec.arity) {
      throw new RedisReplyError('ERR Wrong number of args calling Redis command from script');
    }
    if (spec.noScript) throw new RedisReplyError('ERR This Redis command is not allowed from script');
    if (readOnly && spec.write) {
      throw new RedisReplyError('ERR Write commands are not allowed from read-only scripts.');
    }
    return spec.run(this, args.slice(1));
  }

  /** The script cache and Lua state, made on first use (most stores never run a script). */
  get scripts(): LuaScripting {
    this.lua ??= new LuaScripting(this);
    return this.lua;
  }

  /** Queues then runs, as MULTI/EXEC does: a queueing error discards everything. */
  transaction(commands: string[][]): ReplyItem[] {
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
    if (spec.arity > 0 ? count !== spec.arity : count < -spec.arity) throw wrongArity(name);
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

  /** The string at `key`, undefined if there is none; WRONGTYPE if the key holds something else. */
  readString(key: string): Buffer | undefined {
    const value = this.lookup(key)?.value;
    if (value === undefined || Buffer.isBuffer(value)) return value;
    throw wrongType();
  }

  /** The hash at `key`, undefined if there is none; WRONGTYPE if the key holds something else. */
  readHash(key: string): Map<string, Buffer> | undefined {
    const value = this.lookup(key)?.value;
    if (value === undefined || value instanceof Map) return value;
    throw wrongType();
  }

  /** The hash at `key` to change, created empty if missing (the caller must then fill it). */
  hashToWrite(key: string): Map<string, Buffer> {
    const existing = this.readHash(key);
    if (existing) return existing;
    const created = new Map<string, Buffer>();
    this.write(key, created, undefined);
    return created;
  }

  /** Redis never keeps an empty hash: the key goes with its last field. */
  dropIfEmpty(key: string): void {
    const value = this.lookup(key)?.value;
    if (value instanceof Map && value.size === 0) this.entries.delete(key);
  }

  /** Sets a key's value; a key that already exists keeps its place in SCAN's order. */
  write(key: string, value: StoredValue, expiresAt: number | undefined): void {
    const seq = this.lookup(key)?.seq ?? ++this.lastSeq;
    this.entries.set(key, { value, expiresAt, seq });
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

  /** Live keys in creation order, each with its entry; expired ones are dropped on the way. */
  *liveEntries(): Generator<[string, Entry]> {
    for (const key of this.entries.keys()) {
      const entry = this.lookup(key);
      if (entry) yield [key, entry];
    }
  }

  /**
   * One SCAN step: looks at up to `count` live keys created at or after `cursor` and returns the
   * next cursor (0 when done) with those that pass `accept`. The cursor is a creation number, so
   * a key that lives through the whole iteration is returned exactly once, however many keys are
   * added or deleted meanwhile (Redis's guarantee); a key created during it may or may not be.
   */
  scan(cursor: bigint, count: number, accept: (key: string, entry: Entry) => boolean): [bigint, string[]] {
    // Continuing the last iteration picks up where it stopped, rather than skipping every key
    // before the cursor again: a SCAN loop over n keys costs n, not n²/COUNT. A Map's key
    // iterator keeps up with keys deleted and added meanwhile.
    const resume = cursor !== 0n && this.lastScan?.cursor === cursor ? this.lastScan : undefined;
    this.lastScan = undefined;
    const rest = resume?.rest ?? this.entries.keys();
    let pending = resume?.stoppedAt;
    const found: string[] = [];
    let examined = 0;
    for (;;) {
      let key = pending;
      pending = undefined;
      if (key === undefined) {
        const step = rest.next();
        if (step.done) return [0n, found];
        key = step.value;
      }
      const entry = this.lookup(key);
      if (!entry || BigInt(entry.seq) < cursor) continue;
      if (examined === count) {
        const next = BigInt(entry.seq);
        this.lastScan = { cursor: next, stoppedAt: key, rest };
        return [next, found];
      }
      examined++;
      if (accept(key, entry)) found.push(key);
    }
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
