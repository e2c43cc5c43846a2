import { describe, expect, it } from 'vitest';
import type { CatalogRedis, RedisEntryLookup } from './catalog-redis';
import { CatalogVersionState } from './catalog-version';
import type { EdgeCache } from './edge-cache';
import { type IsolateCatalogState, LayeredCatalogCache } from './layered-catalog-cache';
import { RenderedLru } from './rendered-lru';
import { type StoredEntry, serialiseEntry } from './stored-entry';

/** One Redis shared by every simulated isolate, with a switch to make it fail. */
class FakeRedis {
  version: number | undefined;
  readonly entries = new Map<string, string>();
  calls = 0;
  down = false;

  client(): CatalogRedis {
    const gate = async () => {
      this.calls++;
      if (this.down) throw new Error('connection refused');
    };
    return {
      readVersion: async (now) => {
        await gate();
        if (this.version === undefined) {
          this.version = now;
          return { version: now, repaired: true };
        }
        return { version: this.version, repaired: false };
      },
      bumpVersion: async (now) => {
        await gate();
        this.version = (this.version ?? now) + 1;
        return this.version;
      },
      readEntry: async (version, key): Promise<RedisEntryLookup> => {
        await gate();
        const raw = this.entries.get(`${version}:${key}`);
        if (raw === undefined) return { kind: 'miss' };
        try {
          return { kind: 'hit', entry: JSON.parse(raw) as StoredEntry };
        } catch {
          return { kind: 'garbage' };
        }
      },
      writeEntry: async (version, key, entry) => {
        await gate();
        this.entries.set(`${version}:${key}`, serialiseEntry(entry));
      },
    };
  }
}

function world(options: { checkMs?: number; ttlMs?: number; edge?: EdgeCache } = {}) {
  const clock = { now: 1_000_000 };
  const redis = new FakeRedis();
  const background: Promise<unknown>[] = [];
  const isolate = () => {
    const state: IsolateCatalogState = {
      version: new CatalogVersionState(),
      entries: new RenderedLru({ maxEntries: 100, maxBytes: 1_000_000 }),
      redis: redis.client(),
      edge: options.edge,
      edgeSuspendedUntil: Number.NEGATIVE_INFINITY,
      flights: new Map(),
    };
    return () =>
      new LayeredCatalogCache({
        state,
        ttlMs: options.ttlMs ?? 300_000,
        versionCheckMs: options.checkMs ?? 1_000,
        timeoutMs: 100,
        waitUntil: (promise) => background.push(promise),
        now: () => clock.now,
      });
  };
  let renders = 0;
  const catalog = { title: 'v1' };
  const load = async () => {
    renders++;
    return { body: JSON.stringify(catalog), etag: `"${catalog.title}"` };
  };
  const settle = () => Promise.all(background.splice(0));
  return { clock, redis, isolate, load, catalog, settle, renders: () => renders };
}

describe('LayeredCatalogCache', () => {
  it('answers a warm read from the isolate without asking Redis, until the version check is due', async () => {
    const w = world({ checkMs: 1_000 });
    const cache = w.isolate();
    expect((await cache().read('p', w.load)).source).toBe('database');
    await w.settle();
    const callsAfterFirstRead = w.redis.calls;
    for (let i = 0; i < 5; i++) expect((await cache().read('p', w.load)).source).toBe('cache');
    expect(w.redis.calls).toBe(callsAfterFirstRead);
    w.clock.now += 1_000;
    expect((await cache().read('p', w.load)).source).toBe('cache');
    expect(w.redis.calls).toBe(callsAfterFirstRead + 1); // one GET of the version, no entry read
  });

  it('makes an invalidation effective in its own isolate at once, even for a read that raced it', async () => {
    const w = world({ checkMs: 60_000 });
    const cache = w.isolate();
    let release = () => {};
    const slowLoad = async () => {
      const rendered = await w.load();
      await new Promise<void>((resolve) => {
        release = resolve;
      });
      return rendered;
    };
    const racing = cache().read('p', slowLoad);
    await new Promise((resolve) => setTimeout(resolve, 0));
    w.catalog.title = 'v2';
    await cache().invalidate();
    release();
    expect(JSON.parse((await racing).body)).toEqual({ title: 'v1' }); // it began before the write
    await w.settle();
    const after = await cache().read('p', w.load);
    expect(after.source).toBe('database');
    expect(JSON.parse(after.body)).toEqual({ title: 'v2' });
  });

  it('shows another isolate’s write within the version check interval, not later', async () => {
    const w = world({ checkMs: 1_000 });
    const reader = w.isolate();
    const writer = w.isolate();
    await reader().read('p', w.load);
    await w.settle();
    w.catalog.title = 'v2';
    await writer().invalidate();
    w.clock.now += 999;
    expect(JSON.parse((await reader().read('p', w.load)).body)).toEqual({ title: 'v1' }); // inside the bound
    w.clock.now += 1;
    expect(JSON.parse((await reader().read('p', w.load)).body)).toEqual({ title: 'v2' });
  });

  it('serves a cold isolate from Redis, and the copy expires with the original, not later', async () => {
    const w = world({ ttlMs: 300_000 });
    await w.isolate()().read('p', w.load);
    await w.settle();
    w.clock.now += 290_000;
    const cold = w.isolate();
    expect((await cold().read('p', w.load)).source).toBe('cache');
    expect(w.renders()).toBe(1);
    w.clock.now += 10_000; // 300 s after the render: expired everywhere, copies included
    expect((await cold().read('p', w.load)).source).toBe('database');
    expect(w.renders()).toBe(2);
  });

  it('reads from the database while Redis is down, without waiting on it for every read', async () => {
    const w = world();
    const cache = w.isolate();
    w.redis.down = true;
    expect((await cache().read('p', w.load)).source).toBe('database');
    const callsWhileDown = w.redis.calls;
    for (let i = 0; i < 5; i++) expect((await cache().read('p', w.load)).source).toBe('database');
    expect(w.redis.calls).toBe(callsWhileDown); // backing off
    expect(w.renders()).toBe(6);
    w.redis.down = false;
    w.clock.now += 5_000;
    expect((await cache().read('p', w.load)).source).toBe('database');
    await w.settle();
    expect((await cache().read('p', w.load)).source).toBe('cache');
  });

  it('after a bump that never reached Redis, does not read pre-write entries back in this isolate', async () => {
    const w = world({ checkMs: 0 });
    const other = w.isolate();
    await other().read('p', w.load); // v1 rendered and shared
    await w.settle();
    const writer = w.isolate();
    w.catalog.title = 'v2';
    w.redis.down = true;
    await writer().invalidate();
    w.redis.down = false;
    w.clock.now += 5_000; // past the backoff: this read asks Redis, which still says the old version
    // The retry is in the background; before it lands Redis still holds v1 under the same version.
    const read = await writer().read('p', w.load);
    expect(JSON.parse(read.body)).toEqual({ title: 'v2' });
    expect(read.source).toBe('database');
    await w.settle(); // the retry lands
    expect(JSON.parse((await other().read('p', w.load)).body)).toEqual({ title: 'v2' });
  });

  it('ignores an unreadable entry in Redis and renders over it', async () => {
    const w = world();
    const cache = w.isolate();
    await cache().read('warm-up', w.load); // learns the version
    const version = w.redis.version;
    w.redis.entries.set(`${version}:p`, '{not json');
    expect((await cache().read('p', w.load)).source).toBe('database');
    await w.settle();
    expect(w.redis.entries.get(`${version}:p`)).toContain('"renderedAt"');
    expect((await w.isolate()().read('p', w.load)).source).toBe('cache');
  });

  it('stops asking a failing Cache API after its first failure, for a while', async () => {
    let edgeCalls = 0;
    const broken: EdgeCache = {
      read: async () => {
        edgeCalls++;
        throw new Error('No Cache was configured');
      },
      write: async () => {
        edgeCalls++;
        throw new Error('No Cache was configured');
      },
    };
    const w = world({ edge: broken });
    const cache = w.isolate();
    for (const key of ['a', 'b', 'c']) expect((await cache().read(key, w.load)).source).toBe('database');
    await w.settle();
    expect(edgeCalls).toBe(1);
    expect((await cache().read('a', w.load)).source).toBe('cache');
    w.clock.now += 60_000;
    await cache().read('d', w.load);
    expect(edgeCalls).toBe(2);
  });

  it('refreshes the version in the background halfway through its trust, so warm reads never wait', async () => {
    const w = world({ checkMs: 1_000 });
    const cache = w.isolate();
    await cache().read('p', w.load);
    await w.settle();
    const calls = w.redis.calls;
    w.clock.now += 600;
    expect((await cache().read('p', w.load)).source).toBe('cache');
    await w.settle();
    expect(w.redis.calls).toBe(calls + 1); // one background GET, not one per read
    expect((await cache().read('p', w.load)).source).toBe('cache');
    await w.settle();
    expect(w.redis.calls).toBe(calls + 1);
    // 1.2 s after the first check but 0.6 s after the refresh: still trusted, Redis not needed.
    w.clock.now += 600;
    w.redis.down = true;
    expect((await cache().read('p', w.load)).source).toBe('cache');
  });

  describe('misses (single flight, and the previous rendering while the new one renders)', () => {
    /** A load that renders only when released, so that concurrent reads overlap for certain. */
    function gatedLoad(w: ReturnType<typeof world>) {
      const gates: Array<() => void> = [];
      const load = async () => {
        await new Promise<void>((resolve) => gates.push(resolve));
        return w.load();
      };
      const releaseAll = async () => {
        while (gates.length === 0) await new Promise((resolve) => setTimeout(resolve, 0));
        for (const release of gates.splice(0)) release();
      };
      return { load, releaseAll, waiting: () => gates.length };
    }

    it('renders a key once for many concurrent misses in one isolate, and all get that rendering', async () => {
      const w = world();
      const cache = w.isolate();
      await cache().read('warm-up', w.load); // learns the version
      const gated = gatedLoad(w);
      const reads = Array.from({ length: 16 }, () => cache().read('p', gated.load));
      await gated.releaseAll();
      const answers = await Promise.all(reads);
      expect(w.renders()).toBe(2); // the warm-up and one render of `p`
      expect(new Set(answers.map((answer) => answer.etag)).size).toBe(1);
      expect(answers.filter((answer) => answer.source === 'database')).toHaveLength(1);
    });

    it('does not make waiters share a failed render: each then renders for itself', async () => {
      const w = world();
      const cache = w.isolate();
      await cache().read('warm-up', w.load);
      let calls = 0;
      const failingOnce = async () => {
        calls++;
        if (calls === 1) {
          await new Promise((resolve) => setTimeout(resolve, 5));
          throw new Error('database went away');
        }
        return w.load();
      };
      const results = await Promise.allSettled(
        Array.from({ length: 4 }, () => cache().read('p', failingOnce)),
      );
      expect(results.map((result) => result.status)).toEqual([
        'rejected',
        'fulfilled',
        'fulfilled',
        'fulfilled',
      ]);
    });

    it('serves the previous rendering while the new version renders, and only inside the version check bound', async () => {
      const w = world({ checkMs: 1_000 });
      const reader = w.isolate();
      const writer = w.isolate();
      await reader().read('p', w.load);
      await w.settle();
      const firstChecked = w.clock.now;
      w.catalog.title = 'v2';
      await writer().invalidate();

      // Halfway through its trust the reader re-checks in the background and learns of the bump.
      w.clock.now = firstChecked + 600;
      expect(JSON.parse((await reader().read('p', w.load)).body)).toEqual({ title: 'v1' });
      await w.settle();
      const rendersBefore = w.renders();
      // The next read: v1 still servable (its version would be trusted until +1000), v2 renders
      // behind it, once.
      w.clock.now = firstChecked + 700;
      const stale = await reader().read('p', w.load);
      expect(JSON.parse(stale.body)).toEqual({ title: 'v1' });
      await w.settle();
      expect(w.renders()).toBe(rendersBefore + 1);
      expect(JSON.parse((await reader().read('p', w.load)).body)).toEqual({ title: 'v2' });

      // Another key with no v2 rendering yet: past the bound, the old one is never served.
      await reader().read('q', w.load); // v2 rendering of q
      w.catalog.title = 'v3';
      await writer().invalidate();
      w.clock.now += 1_000; // trust of v2 gone: the read checks in the foreground
      expect(JSON.parse((await reader().read('q', w.load)).body)).toEqual({ title: 'v3' });
    });

    it('never serves the previous rendering in the isolate that made the write', async () => {
      const w = world({ checkMs: 60_000 });
      const cache = w.isolate();
      await cache().read('p', w.load);
      w.catalog.title = 'v2';
      expect(await cache().invalidate()).toBe(true);
      expect(JSON.parse((await cache().read('p', w.load)).body)).toEqual({ title: 'v2' });
    });

    it('after confirmVersion finds a bump made for its write elsewhere, serves nothing from before it', async () => {
      const w = world({ checkMs: 60_000 });
      const writer = w.isolate();
      const publisher = w.isolate();
      await writer().read('p', w.load);
      await w.settle();
      w.catalog.title = 'v2';
      await publisher().invalidate(); // another isolate published the writer's invalidation
      expect(JSON.parse((await writer().read('p', w.load)).body)).toEqual({ title: 'v1' }); // trusted still
      await writer().confirmVersion();
      expect(JSON.parse((await writer().read('p', w.load)).body)).toEqual({ title: 'v2' });
    });
  });

  describe('addresses (the warm path)', () => {
    it('answers a remembered address synchronously with what a keyed read serves', async () => {
      const w = world();
      const cache = w.isolate();
      expect(cache().readByAddress('/p?x=1')).toBeUndefined();
      const request = cache();
      const first = await request.read('p', w.load);
      request.rememberAddress('/p?x=1', 'p');
      await w.settle();
      expect(cache().readByAddress('/p?x=1')).toMatchObject({ body: first.body, etag: first.etag });
      expect(cache().readByAddress('/p?x=2')).toBeUndefined();
    });

    it('forgets addresses at an invalidation, here or (after the version check) in another isolate', async () => {
      const w = world({ checkMs: 1_000 });
      const reader = w.isolate();
      const writer = w.isolate();
      for (const isolate of [reader, writer]) {
        const request = isolate();
        await request.read('p', w.load);
        request.rememberAddress('/p', 'p');
      }
      await w.settle();
      await writer().invalidate();
      expect(writer().readByAddress('/p')).toBeUndefined();
      w.clock.now += 999;
      expect(reader().readByAddress('/p')).toBeDefined(); // inside the bound of ADR 6
      w.clock.now += 1;
      expect(reader().readByAddress('/p')).toBeUndefined(); // the version is no longer trusted
      await reader().read('other', w.load); // the check that learns of the bump
      w.clock.now += 1;
      expect(reader().readByAddress('/p')).toBeUndefined();
    });

    it('does not remember a request whose reads straddled an invalidation', async () => {
      const w = world();
      const cache = w.isolate();
      const request = cache();
      await request.read('markets', w.load);
      await cache().invalidate();
      await request.read('p', w.load);
      request.rememberAddress('/p', 'p');
      expect(cache().readByAddress('/p')).toBeUndefined();
      const again = cache();
      await again.read('markets', w.load);
      await again.read('p', w.load);
      again.rememberAddress('/p', 'p');
      expect(cache().readByAddress('/p')).toBeDefined();
    });

    it('does not remember a request read while Redis was down (no version, nothing cached)', async () => {
      const w = world();
      w.redis.down = true;
      const request = w.isolate()();
      expect((await request.read('p', w.load)).source).toBe('database');
      request.rememberAddress('/p', 'p');
      w.redis.down = false;
      expect(w.isolate()().readByAddress('/p')).toBeUndefined();
    });
  });
});
