import { describe, expect, it } from 'vitest';
import { MAX_ADDRESS_LENGTH, RenderedLru } from './rendered-lru';

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

  it('leads an address to its entry only under the version it was remembered with', () => {
    const lru = new RenderedLru({ maxEntries: 10, maxBytes: 1_000_000 });
    lru.set('7:k', entry('K'), 0);
    lru.setAddress('/v1/products?limit=5', '7:k', 7);
    expect(lru.getByAddress('/v1/products?limit=5', 7, 0)?.body).toBe('K');
    expect(lru.getByAddress('/v1/products?limit=5', 8, 0)).toBeUndefined();
    expect(lru.getByAddress('/v1/products?limit=5', 7, 1)).toBeUndefined(); // a later generation
    expect(lru.getByAddress('/v1/products?limit=6', 7, 0)).toBeUndefined();
  });

  it('finds nothing by address once the entry is gone, and clear forgets the addresses too', () => {
    const lru = new RenderedLru({ maxEntries: 1, maxBytes: 1_000_000 });
    lru.set('7:k', entry('K'), 0);
    lru.setAddress('/a', '7:k', 7);
    lru.set('7:other', entry('O'), 0); // evicts 7:k
    expect(lru.getByAddress('/a', 7, 0)).toBeUndefined();
    lru.set('7:k', entry('K'), 0);
    lru.clear();
    lru.set('7:k', entry('K'), 0);
    expect(lru.getByAddress('/a', 7, 0)).toBeUndefined();
  });

  it('remembers at most maxEntries addresses, oldest out, and none longer than the limit', () => {
    const lru = new RenderedLru({ maxEntries: 2, maxBytes: 1_000_000 });
    lru.set('7:k', entry('K'), 0);
    for (const address of ['/a', '/b', '/c']) lru.setAddress(address, '7:k', 7);
    expect(lru.getByAddress('/a', 7, 0)).toBeUndefined();
    expect(lru.getByAddress('/b', 7, 0)?.body).toBe('K');
    expect(lru.getByAddress('/c', 7, 0)?.body).toBe('K');
    const long = `/v1/products?q=${'x'.repeat(MAX_ADDRESS_LENGTH)}`;
    lru.setAddress(long, '7:k', 7);
    expect(lru.getByAddress(long, 7, 0)).toBeUndefined();
    expect(lru.getByAddress('/c', 7, 0)?.body).toBe('K'); // the refused address pushed nothing out
  });
});
