import type { CachedBody } from './catalog-cache';

/**
 * Cached bodies parsed once, by ETag: a warm read finds the value without parsing the same JSON
 * again. Data, not I/O, and keyed by content, so it can only ever hold what the cache held; it
 * forgets everything when full (the next reads parse again).
 */
export class ParsedBodies<T> {
  private readonly values = new Map<string, T>();

  constructor(private readonly capacity: number) {}

  of(cached: CachedBody): T {
    if (this.values.has(cached.etag)) return this.values.get(cached.etag) as T;
    const value = JSON.parse(cached.body) as T;
    if (this.values.size >= this.capacity) this.values.clear();
    this.values.set(cached.etag, value);
    return value;
  }
}
