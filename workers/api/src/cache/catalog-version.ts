/** How long the isolate leaves Redis alone after a failure, doubling from the first to the last. */
const BACKOFF_FIRST_MS = 500;
const BACKOFF_MAX_MS = 5_000;

/**
 * What one isolate knows about the catalog version, the number every shared cache key embeds.
 * A write bumps it in Redis; other isolates learn the new number when they next check, at most
 * `checkMs` after their last check. The rules that give the bound of ADR 6:
 * - a version is trusted for `checkMs` from the moment the request that read it was SENT, so any
 *   read starting `checkMs` after a bump landed in Redis uses a version read after the bump;
 * - an invalidation in this isolate takes effect here at once (a new generation), whether or
 *   not Redis heard of it;
 * - while Redis fails, the version is trusted only until its window ends; then reads go to the
 *   database, without waiting on Redis, until it answers again.
 */
export class CatalogVersionState {
  private version: number | undefined;
  private confirmedAt = Number.NEGATIVE_INFINITY;
  private failures = 0;
  private redisDownUntil = Number.NEGATIVE_INFINITY;
  private sharedDistrustedUntil = Number.NEGATIVE_INFINITY;
  private refreshStartedAt = Number.NEGATIVE_INFINITY;
  /** Bumped by every invalidation in this isolate; entries from an older one are never served. */
  generation = 0;
  /**
   * The version this isolate used before it learnt of the current one, with when that was last
   * confirmed: until its trust would have run out, its entries may still be served (ADR 18).
   */
  retired: { version: number; confirmedAt: number } | undefined;

  /** The version reads may use without asking Redis, if one is still trusted. */
  trusted(now: number, checkMs: number): number | undefined {
    return now - this.confirmedAt < checkMs ? this.version : undefined;
  }

  /**
   * Whether a request should re-check the version in the background now: half its trust is
   * spent and no other check started within `timeoutMs` (one that old has ended, one way or
   * the other). Requests never wait on each other's checks: each check belongs to one request.
   */
  refreshDue(now: number, checkMs: number, timeoutMs: number): boolean {
    return now - this.confirmedAt >= checkMs / 2 && now - this.refreshStartedAt > timeoutMs;
  }

  refreshStarted(now: number): void {
    this.refreshStartedAt = now;
  }

  /** The version a read just got from Redis, with the time its request was sent. */
  confirm(version: number, sentAt: number): { changed: boolean } {
    this.redisAnswered();
    // A slower, older answer must not replace a newer one.
    if (sentAt < this.confirmedAt) return { changed: false };
    const changed = version !== this.version;
    // Only a move from a number we knew proves a bump landed; a first sighting proves nothing.
    if (changed && this.version !== undefined) {
      this.sharedDistrustedUntil = Number.NEGATIVE_INFINITY;
      this.retired = { version: this.version, confirmedAt: this.confirmedAt };
    }
    this.version = version;
    this.confirmedAt = sentAt;
    return { changed };
  }

  /** The version currently believed, trusted or not (entries under any other are dead). */
  get current(): number | undefined {
    return this.version;
  }

  isRedisDown(now: number): boolean {
    return now < this.redisDownUntil;
  }

  redisFailed(now: number): void {
    this.redisDownUntil = now + Math.min(BACKOFF_FIRST_MS * 2 ** this.failures, BACKOFF_MAX_MS);
    this.failures++;
    // The version stays trusted for the rest of its window, no longer: the last check that got
    // through still bounds what this isolate can have missed. A failed check must not shorten it
    // either, or one slow answer would send every read to the database.
  }

  redisAnswered(): void {
    this.failures = 0;
    this.redisDownUntil = Number.NEGATIVE_INFINITY;
  }

  /** This isolate's writes: effective here at once, whatever becomes of the Redis bump. */
  invalidatedLocally(): void {
    this.generation++;
    // This isolate knows the catalog changed: nothing rendered before may be served here.
    this.retired = undefined;
  }

  /** The write was this isolate's own (or must be treated so): the retired version is dead too. */
  dropRetired(): void {
    this.retired = undefined;
  }

  /**
   * Whether entries of the retired version may still be served at `now`: as long as that
   * version would have stayed trusted had this isolate not checked again. A reader that had not
   * checked would serve them anyway, so this adds no staleness beyond the bound of ADR 6.
   */
  retiredServable(now: number, checkMs: number): number | undefined {
    const { retired } = this;
    return retired && now - retired.confirmedAt < checkMs ? retired.version : undefined;
  }

  /**
   * The bump did not reach Redis, so the shared layers still hold, under the current version,
   * entries rendered before the write. This isolate must not read them back until the version
   * moves or they have all expired.
   */
  bumpFailed(now: number, ttlMs: number): void {
    this.sharedDistrustedUntil = now + ttlMs;
  }

  sharedLayersTrusted(now: number): boolean {
    return now >= this.sharedDistrustedUntil;
  }
}
