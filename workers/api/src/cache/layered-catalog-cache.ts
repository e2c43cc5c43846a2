import { describeError, log } from '../log';
import type { CachedBody, CatalogCache } from './catalog-cache';
import type { CatalogRedis } from './catalog-redis';
import type { CatalogVersionState } from './catalog-version';
import type { EdgeCache } from './edge-cache';
import type { RenderFlights } from './render-flights';
import type { RenderedLru } from './rendered-lru';
import { isFresh, type StoredEntry } from './stored-entry';

/** What one isolate keeps between requests for one cache configuration. */
export interface IsolateCatalogState {
  version: CatalogVersionState;
  entries: RenderedLru;
  redis: CatalogRedis;
  edge: EdgeCache | undefined;
  /** Epoch ms until which this isolate leaves the Cache API alone after it failed. */
  edgeSuspendedUntil: number;
  /** Misses being rendered in this isolate, by version, generation and key. */
  flights: RenderFlights;
  /** The version read from Redis in flight, if any, and when it was sent (this isolate's clock). */
  versionCheck?: { sentAt: number; version: Promise<number | undefined> } | undefined;
}

export interface LayeredCatalogCacheOptions {
  state: IsolateCatalogState;
  ttlMs: number;
  /** How long a version read from Redis is trusted; 0: ask Redis on every read. */
  versionCheckMs: number;
  /** The bound on every Redis call (CATALOG_CACHE_TIMEOUT_MS). */
  timeoutMs: number;
  /** Keeps cache writes alive after the response; without it they are awaited before returning. */
  waitUntil?: ((promise: Promise<unknown>) => void) | undefined;
  requestId?: string | undefined;
  now?: () => number;
  /**
   * Whether this caller may join work another request has in flight (a Redis read, a render)
   * and let others join its own. Worker requests may; Durable Objects may not: workerd refuses
   * to let one object resume on I/O begun for another ("Cannot perform I/O on behalf of a
   * different Durable Object"). Default true.
   */
  sharesInFlight?: boolean;
  /**
   * When Redis cannot confirm the version (down, slow, backing off), serve this isolate's entry
   * of the version it last believed rather than read Postgres. For callers that tolerate a
   * catalog change reaching them late (carts: checkout reprices) and must not turn a Redis
   * slowdown into a database stampede. Default false: storefront reads go to Postgres then.
   */
  staleWhileUnconfirmed?: boolean;
}

// The key prefix of renderings made while no version was confirmed (`unconfirmedRendering`).
const UNCONFIRMED = 'unconfirmed';
// After a lost invalidation, tries again this much later (all within waitUntil's 30 s).
const BUMP_RETRY_DELAYS_MS = [250, 1_000, 4_000];
// A Cache API that fails usually fails for good (a host without one: "No Cache was configured"),
// so one warning, then the isolate goes without it for a while.
const EDGE_SUSPENSION_MS = 60_000;
/**
 * The catalog cache: rendered entries in this isolate (LRU), then this data centre (Cache
 * API), then everywhere (Upstash Redis), then `load`. Entries are keyed by the catalog
 * version, so an invalidation is one INCR, not a hunt for keys. It degrades, never fails: a
 * layer that errs, times out or holds garbage is skipped with a warning. ADR 6 has the
 * consistency bound this gives.
 */
export class LayeredCatalogCache implements CatalogCache {
  private readonly state: IsolateCatalogState;
  private readonly now: () => number;
  // What this request's reads saw: one version and generation, or `mixed` once they disagree
  // (a write or a version change in between), which makes the request's address unrememberable.
  private seen: { version: number; generation: number } | 'none' | 'mixed' = 'none';

  constructor(private readonly options: LayeredCatalogCacheOptions) {
    this.state = options.state;
    this.now = options.now ?? Date.now;
  }

  read(key: string, load: () => Promise<CachedBody>): Promise<CachedBody & { source: 'cache' | 'database' }> {
    // The warm path, synchronous: no I/O and no awaits between the request and its answer.
    const version = this.trustedVersion();
    if (version !== undefined) {
      const local = this.state.entries.get(`${version}:${key}`, this.state.version.generation);
      if (local && isFresh(local, this.options.ttlMs, this.now())) {
        this.saw(version);
        return Promise.resolve(served(local));
      }
    }
    return this.readThrough(key, load);
  }

  readByAddress(address: string): CachedBody | undefined {
    const version = this.trustedVersion();
    if (version === undefined) return undefined;
    const entry = this.state.entries.getByAddress(address, version, this.state.version.generation);
    return entry && isFresh(entry, this.options.ttlMs, this.now()) ? entry : undefined;
  }

  rememberAddress(address: string, key: string): void {
    const { seen } = this;
    if (typeof seen !== 'object') return;
    const versionState = this.state.version;
    if (versionState.current !== seen.version || versionState.generation !== seen.generation) return;
    this.state.entries.setAddress(address, `${seen.version}:${key}`, seen.version);
  }

  private saw(version: number | undefined): void {
    const generation = this.state.version.generation;
    if (version === undefined) this.seen = 'mixed';
    else if (this.seen === 'none') this.seen = { version, generation };
    else if (this.seen !== 'mixed' && (this.seen.version !== version || this.seen.generation !== generation))
      this.seen = 'mixed';
  }

  /**
   * A miss in this isolate. Concurrent misses of one key render once (single flight): the first
   * renders, the others wait for its entry. And right after the version moved, the previous
   * version's entry is served while the new one renders, for as long as that version would still
   * have been trusted (ADR 18), so a bump does not send every reader to the database at once.
   */
  private async readThrough(
    key: string,
    load: () => Promise<CachedBody>,
  ): Promise<CachedBody & { source: 'cache' | 'database' }> {
    const version = await this.currentVersion();
    if (version === undefined) {
      this.saw(undefined);
      if (!this.options.staleWhileUnconfirmed) return { ...(await load()), source: 'database' };
      const kept = this.lastBelieved(key) ?? this.unconfirmedRendering(key);
      if (kept) return served(kept);
      return this.renderUnconfirmed(key, load);
    }
    const generation = this.state.version.generation;
    const localKey = `${version}:${key}`;

    const local = this.state.entries.get(localKey, generation);
    if (local && isFresh(local, this.options.ttlMs, this.now())) {
      this.saw(version);
      return served(local);
    }
    if (local) this.state.entries.delete(localKey);

    const flightKey = `${generation}:${localKey}`;
    const inFlight = this.options.sharesInFlight !== false && this.state.flights.has(flightKey, this.now());
    const previous = this.previousRendering(key, generation);
    if (previous) {
      // Not the version the request's other reads use: its address must not be remembered.
      this.saw(undefined);
      if (!inFlight) {
        await this.inBackground(() =>
          this.lead(flightKey, version, generation, key, load).then(noop, (error: unknown) =>
            this.warn('catalog cache: rendering the new version in the background failed', error),
          ),
        );
      }
      return served(previous);
    }
    this.saw(version);
    if (inFlight) {
      const entry = await this.state.flights.wait(flightKey, this.now());
      if (entry) return served(entry);
    }
    return this.lead(flightKey, version, generation, key, load);
  }

  /** Renders (or finds in a shared layer) one entry, letting concurrent misses wait for it. */
  private async lead(
    flightKey: string,
    version: number,
    generation: number,
    key: string,
    load: () => Promise<CachedBody>,
  ): Promise<CachedBody & { source: 'cache' | 'database' }> {
    const rendering = this.renderMiss(version, generation, key, load);
    if (this.options.sharesInFlight === false) {
      const own = await rendering;
      return own.source === 'cache'
        ? served(own.entry)
        : { body: own.entry.body, etag: own.entry.etag, source: own.source };
    }
    const { entry, source } = await this.state.flights.fly(flightKey, this.now(), rendering);
    return source === 'cache' ? served(entry) : { body: entry.body, etag: entry.etag, source };
  }

  private async renderMiss(
    version: number,
    generation: number,
    key: string,
    load: () => Promise<CachedBody>,
  ): Promise<{ entry: StoredEntry; source: 'cache' | 'database' }> {
    const localKey = `${version}:${key}`;
    const shared = await this.readShared(version, key);
    if (shared) {
      this.remember(localKey, shared, version, generation);
      return { entry: shared, source: 'cache' };
    }
    // The time the read began, not when it ended: what bounds the entry's life (stored-entry.ts).
    const renderedAt = this.now();
    const loaded = await load();
    const entry: StoredEntry = { body: loaded.body, etag: loaded.etag, renderedAt };
    this.remember(localKey, entry, version, generation);
    await this.inBackground(() => this.share(version, key, entry, generation));
    return { entry, source: 'database' };
  }

  /** This isolate's fresh entry for `key` under the version it last believed, if any. */
  private lastBelieved(key: string): StoredEntry | undefined {
    const believed = this.state.version.current;
    if (believed === undefined) return undefined;
    const entry = this.state.entries.get(`${believed}:${key}`, this.state.version.generation);
    return entry && isFresh(entry, this.options.ttlMs, this.now()) ? entry : undefined;
  }

  /**
   * A rendering made while no version could be confirmed, for callers that accept staleness:
   * fresh for one version-check interval. Without it, an isolate holding no entry of the version
   * it believes (a cold one, while Redis is down or too slow to answer in time) would send every
   * cart change to Postgres until Redis answers; measured, that turned an overloaded bench into a stampede
   * that never recovered. Entries are kept under no version, so the first confirmed version
   * drops them (`keepOnlyVersions`), as does a write here (`invalidate`).
   */
  private unconfirmedRendering(key: string): StoredEntry | undefined {
    const entry = this.state.entries.get(`${UNCONFIRMED}:${key}`, this.state.version.generation);
    const trustMs = Math.min(this.options.ttlMs, this.options.versionCheckMs);
    return entry && isFresh(entry, trustMs, this.now()) ? entry : undefined;
  }

  private async renderUnconfirmed(
    key: string,
    load: () => Promise<CachedBody>,
  ): Promise<CachedBody & { source: 'database' }> {
    const generation = this.state.version.generation;
    // The time the read began, not when it ended: what bounds the entry's life (stored-entry.ts).
    const renderedAt = this.now();
    const loaded = await load();
    if (this.state.version.generation === generation) {
      this.state.entries.set(
        `${UNCONFIRMED}:${key}`,
        { body: loaded.body, etag: loaded.etag, renderedAt },
        generation,
      );
    }
    return { ...loaded, source: 'database' };
  }

  /** The retired version's entry for `key`, while that version may still be served here. */
  private previousRendering(key: string, generation: number): StoredEntry | undefined {
    const retired = this.state.version.retiredServable(this.now(), this.options.versionCheckMs);
    if (retired === undefined) return undefined;
    const entry = this.state.entries.get(`${retired}:${key}`, generation);
    return entry && isFresh(entry, this.options.ttlMs, this.now()) ? entry : undefined;
  }

  async confirmVersion(): Promise<void> {
    const before = this.state.version.current;
    const after = await this.checkVersion();
    if (after !== undefined && before !== undefined && after !== before) {
      // Moved for a write made here: nothing from before it may be served here, not even while
      // the new version renders.
      this.state.version.invalidatedLocally();
      this.state.entries.clear();
    }
  }

  async invalidate(): Promise<boolean> {
    this.state.version.invalidatedLocally();
    this.state.entries.clear();
    if (await this.bump()) return true;
    this.state.version.bumpFailed(this.now(), this.options.ttlMs);
    log('error', 'catalog cache invalidation did not reach Redis; retrying', {
      requestId: this.options.requestId,
      consequence:
        'until it does, other isolates may serve catalog entries rendered before this write, ' +
        `for at most CATALOG_CACHE_TTL_SECONDS (${this.options.ttlMs / 1000} s) (ADR 6)`,
    });
    await this.inBackground(() => this.retryBump());
    return false;
  }

  /**
   * The version this isolate may use without waiting on Redis. Halfway through its trust, one
   * request refreshes it in the background, so that under steady traffic no read ever waits for
   * the check (the bound is unchanged: trust still ends `versionCheckMs` after the last check).
   */
  private trustedVersion(): number | undefined {
    const versionState = this.state.version;
    const now = this.now();
    const trusted = versionState.trusted(now, this.options.versionCheckMs);
    if (trusted === undefined || !this.options.waitUntil) return trusted;
    if (versionState.refreshDue(now, this.options.versionCheckMs, this.options.timeoutMs)) {
      versionState.refreshStarted(now);
      this.options.waitUntil(this.checkVersion());
    }
    return trusted;
  }

  /**
   * The version a read must use. Reads that need Redis at once share one GET, but only one sent
   * no earlier than they began (by this isolate's clock, which workerd advances only between I/O):
   * its answer is then as recent as one of their own would be. Without sharing, a burst of
   * requests when trust runs out sends one GET each, and a slowed Redis then turns the burst
   * into as many database reads.
   */
  private async currentVersion(): Promise<number | undefined> {
    const trusted = this.trustedVersion();
    if (trusted !== undefined) return trusted;
    const startedAt = this.now();
    if (this.state.version.isRedisDown(startedAt)) return undefined;
    if (this.options.sharesInFlight === false) return this.checkVersion();
    const inFlight = this.state.versionCheck;
    if (inFlight && inFlight.sentAt >= startedAt) return inFlight.version;
    const check = { sentAt: startedAt, version: this.checkVersion() };
    this.state.versionCheck = check;
    try {
      return await check.version;
    } finally {
      if (this.state.versionCheck === check) this.state.versionCheck = undefined;
    }
  }

  /** Asks Redis for the version; never rejects (a failure is undefined, logged, backed off). */
  private async checkVersion(): Promise<number | undefined> {
    const sentAt = this.now();
    try {
      const { version, repaired } = await this.state.redis.readVersion(sentAt);
      if (repaired) log('info', 'catalog cache version (re)started in Redis', { version });
      if (this.state.version.confirm(version, sentAt).changed) {
        // The retired version's entries stay, to be served while the new ones render.
        this.state.entries.keepOnlyVersions([version, this.state.version.retired?.version]);
      }
      return version;
    } catch (error) {
      this.redisFailed('read the catalog version', error);
      return undefined;
    }
  }

  private async readShared(version: number, key: string): Promise<StoredEntry | undefined> {
    if (!this.state.version.sharedLayersTrusted(this.now())) return undefined;
    const { redis } = this.state;
    const edge = this.usableEdge();
    if (edge) {
      try {
        const entry = await edge.read(version, key);
        if (entry && isFresh(entry, this.options.ttlMs, this.now())) return entry;
      } catch (error) {
        this.edgeFailed('read', error);
      }
    }
    if (this.state.version.isRedisDown(this.now())) return undefined;
    try {
      const found = await redis.readEntry(version, key);
      if (found.kind === 'garbage') {
        log('warn', 'catalog cache: unreadable entry in Redis ignored; it will be rendered again', {
          requestId: this.options.requestId,
          key,
        });
      }
      if (found.kind !== 'hit' || !isFresh(found.entry, this.options.ttlMs, this.now())) return undefined;
      const entry = found.entry;
      if (edge) await this.inBackground(() => this.writeEdge(edge, version, key, entry));
      return entry;
    } catch (error) {
      this.redisFailed('read a catalog entry', error);
      return undefined;
    }
  }

  /** Keeps an entry in this isolate unless the version or generation moved on meanwhile. */
  private remember(localKey: string, entry: StoredEntry, version: number, generation: number): void {
    if (this.state.version.current !== version || this.state.version.generation !== generation) return;
    this.state.entries.set(localKey, entry, generation);
  }

  private async share(version: number, key: string, entry: StoredEntry, generation: number): Promise<void> {
    // Rendered before an invalidation here whose bump may not have reached Redis: keep it local.
    if (this.state.version.generation !== generation) return;
    const { redis } = this.state;
    const edge = this.usableEdge();
    const writes: Promise<void>[] = [];
    if (edge) writes.push(this.writeEdge(edge, version, key, entry));
    if (!this.state.version.isRedisDown(this.now())) {
      const left = this.ttlLeft(entry);
      writes.push(
        redis
          .writeEntry(version, key, entry, left)
          .catch((error: unknown) => this.redisFailed('store a catalog entry', error)),
      );
    }
    await Promise.all(writes);
  }

  private async writeEdge(edge: EdgeCache, version: number, key: string, entry: StoredEntry): Promise<void> {
    try {
      const left = this.ttlLeft(entry);
      if (left >= 1_000) await edge.write(version, key, entry, left);
    } catch (error) {
      this.edgeFailed('write', error);
    }
  }

  private usableEdge(): EdgeCache | undefined {
    return this.now() < this.state.edgeSuspendedUntil ? undefined : this.state.edge;
  }

  private edgeFailed(what: 'read' | 'write', error: unknown): void {
    if (this.now() < this.state.edgeSuspendedUntil) return;
    this.state.edgeSuspendedUntil = this.now() + EDGE_SUSPENSION_MS;
    this.warn(
      `catalog cache: Cache API ${what} failed; this isolate skips it for ${EDGE_SUSPENSION_MS / 1000} s`,
      error,
    );
  }

  private async bump(): Promise<boolean> {
    const sentAt = this.now();
    try {
      const version = await this.state.redis.bumpVersion(sentAt);
      this.state.version.confirm(version, sentAt);
      // Our own write: the version before it is not servable here, however recently confirmed.
      this.state.version.dropRetired();
      this.state.entries.clear();
      return true;
    } catch (error) {
      this.redisFailed('bump the catalog version', error);
      return false;
    }
  }

  private async retryBump(): Promise<void> {
    for (const [attempt, delay] of BUMP_RETRY_DELAYS_MS.entries()) {
      await new Promise((resolve) => setTimeout(resolve, delay));
      if (await this.bump()) {
        log('warn', 'catalog cache invalidation reached Redis on a retry', {
          requestId: this.options.requestId,
          attempt: attempt + 1,
        });
        return;
      }
    }
    log('error', 'catalog cache invalidation LOST: Redis never took the version bump', {
      requestId: this.options.requestId,
      consequence:
        'other isolates may serve catalog entries rendered before the write until they expire, ' +
        `at most CATALOG_CACHE_TTL_SECONDS (${this.options.ttlMs / 1000} s) after they were rendered (ADR 6)`,
    });
  }

  private ttlLeft(entry: StoredEntry): number {
    return entry.renderedAt + this.options.ttlMs - this.now();
  }

  private redisFailed(what: string, error: unknown): void {
    this.state.version.redisFailed(this.now());
    this.warn(`catalog cache: could not ${what} in Redis; reading from the database`, error);
  }

  private warn(message: string, error: unknown): void {
    log('warn', message, { requestId: this.options.requestId, error: describeError(error) });
  }

  /** Runs cache writes after the response where the host allows it, so they never delay it. */
  private async inBackground(work: () => Promise<void>): Promise<void> {
    if (this.options.waitUntil) this.options.waitUntil(work());
    else await work();
  }
}

function served(entry: StoredEntry & CachedBody): CachedBody & { source: 'cache' } {
  return { body: entry.body, etag: entry.etag, encoded: entry.encoded, source: 'cache' };
}

function noop(): void {}
