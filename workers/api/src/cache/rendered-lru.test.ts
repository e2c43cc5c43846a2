import { describe, expect, it } from 'vitest';
import { RenderedLru } from './rendered-lru';

const entry = (body: string) => ({ body, etag: `"${body.length}"`, renderedAt: 1 });

describe('RenderedLru', () => {
  it('evicts the least recently used entry beyond its entry bound', () => {
    const lru = new RenderedLru({ maxEntries: 2, maxBytes: 1_000_000 });
    lru.set('a', entry('A'), 0);
    lru.set('b', entry('B'), 0);
    expect(lru.get('a', 0)?.body).toBe('A'); // a is now the most recent
    lru.set('c', entry('C'), 0);
    expect(lru.get('b', 0)).toBeUndefined();
    expect(lru.get('a', 0)?.body).toBe('A');
    expect(lru.get('c', 0)?.body).toBe('C');
    expect(lru.size).toBe(2);
  });

  it('evicts by estimated bytes, and keeps its byte count exact through replacements', () => {
    const lru = new RenderedLru({ maxEntries: 100, maxBytes: 8 * 2_000 });
    lru.set('a', entry('x'.repeat(900)), 0);
    lru.set('b', entry('x'.repeat(900)), 0);
    const twoEntries = lru.estimatedBytes;
    lru.set('a', entry('x'.repeat(900)), 0);
    expect(lru.estimatedBytes).toBe(twoEntries);
    for (const key of ['c', 'd', 'e', 'f', 'g', 'h', 'i']) lru.set(key, entry('x'.repeat(900)), 0);
    expect(lru.estimatedBytes).toBeLessThanOrEqual(8 * 2_000);
    expect(lru.get('b', 0)).toBeUndefined();
    lru.clear();
    expect(lru.estimatedBytes).toBe(0);
  });

  it('refuses an entry too big to share the space fairly', () => {
    const lru = new RenderedLru({ maxEntries: 100, maxBytes: 8 * 1_000 });
    lru.set('small', entry('s'), 0);
    lru.set('huge', entry('x'.repeat(2_000)), 0);
    expect(lru.get('huge', 0)).toBeUndefined();
    expect(lru.get('small', 0)?.body).toBe('s');
  });

  it('never serves an entry stored under an older invalidation generation', () => {
    const lru = new RenderedLru({ maxEntries: 10, maxBytes: 1_000_000 });
    lru.set('k', entry('before the write'), 3);
    expect(lru.get('k', 4)).toBeUndefined();
    expect(lru.get('k', 3)).toBeUndefined(); // dropped on sight
    expect(lru.size).toBe(0);
  });
});
