import type { CachedBody } from './catalog-cache';

/**
 * A cached rendering with the time its read began. Every layer expires an entry at
 * `renderedAt + TTL`, never later, however often it is copied from one layer to another: that
 * is what bounds staleness when an invalidation is lost (ADR 6).
 */
export interface StoredEntry extends CachedBody {
  renderedAt: number;
}

// Clocks of different machines disagree a little; a time further ahead than this is garbage.
const MAX_CLOCK_SKEW_MS = 60_000;

export function isFresh(entry: StoredEntry, ttlMs: number, now: number): boolean {
  return entry.renderedAt + ttlMs > now && entry.renderedAt <= now + MAX_CLOCK_SKEW_MS;
}

export function serialiseEntry(entry: StoredEntry): string {
  return JSON.stringify({ body: entry.body, etag: entry.etag, renderedAt: entry.renderedAt });
}

/**
 * Reads an entry back from a shared layer, which anything could have written to: whatever is
 * not exactly the shape written by `serialiseEntry` is garbage and answers undefined.
 */
export function parseEntry(raw: unknown): StoredEntry | undefined {
  if (typeof raw !== 'string') return undefined;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const body: unknown = Reflect.get(value, 'body');
  const etag: unknown = Reflect.get(value, 'etag');
  const renderedAt: unknown = Reflect.get(value, 'renderedAt');
  if (typeof body !== 'string' || typeof etag !== 'string' || etag === '') return undefined;
  if (typeof renderedAt !== 'number' || !Number.isFinite(renderedAt) || renderedAt <= 0) return undefined;
  return { body, etag, renderedAt };
}
