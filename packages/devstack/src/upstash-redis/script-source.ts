import { createHash } from 'node:crypto';
import { RedisReplyError } from './reply';

/** The digest EVALSHA, SCRIPT LOAD and SCRIPT EXISTS name a script by: SHA-1 of its bytes, hex. */
export function scriptSha1(source: string): string {
  return createHash('sha1').update(source, 'utf8').digest('hex');
}

/** Flags Redis 7 accepts in a `#!lua flags=…` line. */
const REDIS_FLAGS = ['no-writes', 'allow-oom', 'allow-stale', 'no-cluster', 'allow-cross-slot-keys'];

/**
 * Upstash's own flag: lock only the keys in KEYS rather than the whole database. Redis does not
 * know it ("Unexpected flag in script shebang"), and @upstash/ratelimit 2.2.0 puts it on every
 * limit script.
 */
export const UPSTASH_ONLY_FLAGS = ['allow-key-locking'];

export interface ParsedScript {
  flags: ReadonlySet<string>;
  /** What Lua compiles: the shebang line emptied (not removed), so line numbers stay the script's. */
  body: string;
}

/**
 * Reads a script as Upstash does: an optional first line `#!lua [flags=a,b]` (Redis 7's
 * shebang, plus Upstash's allow-key-locking), refused with Redis's messages when malformed.
 */
export function parseScript(source: string): ParsedScript {
  if (!source.startsWith('#!')) return { flags: new Set(), body: source };
  const end = source.indexOf('\n');
  if (end < 0) throw new RedisReplyError('ERR Invalid script shebang');
  const [engine = '', ...options] = source.slice(0, end).split(/\s+/).filter(Boolean);
  if (engine !== '#!lua') throw new RedisReplyError(`ERR Unexpected engine in script shebang: ${engine}`);
  const flags = new Set<string>();
  for (const option of options) {
    if (!option.startsWith('flags=')) throw new RedisReplyError(`ERR Unknown lua shebang option: ${option}`);
    const list = option.slice('flags='.length);
    for (const flag of list === '' ? [] : list.split(',')) {
      if (!REDIS_FLAGS.includes(flag) && !UPSTASH_ONLY_FLAGS.includes(flag)) {
        throw new RedisReplyError(`ERR Unexpected flag in script shebang: ${flag}`);
      }
      flags.add(flag);
    }
  }
  return { flags, body: source.slice(end) };
}

/**
 * The script as a real Redis will run it: Upstash-only flags taken out of the shebang line,
 * every other byte unchanged. Undefined when there is nothing to take out.
 */
export function withoutUpstashOnlyFlags(source: string): string | undefined {
  if (!source.startsWith('#!')) return undefined;
  const end = source.indexOf('\n');
  if (end < 0) return undefined;
  let changed = false;
  // Splitting on a capture group keeps the whitespace, so the rest of the line stays as written.
  const line = source
    .slice(0, end)
    .split(/(\s+)/)
    .map((part) => {
      if (!part.startsWith('flags=')) return part;
      const flags = part.slice('flags='.length).split(',');
      const kept = flags.filter((flag) => !UPSTASH_ONLY_FLAGS.includes(flag));
      if (kept.length === flags.length) return part;
      changed = true;
      return `flags=${kept.join(',')}`;
    })
    .join('');
  return changed ? line + source.slice(end) : undefined;
}
