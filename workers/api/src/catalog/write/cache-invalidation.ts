import { catalogWrites, type Database } from '@edge-commerce/db';
import type { CatalogCache } from '../../cache/catalog-cache';
import { describeError, log } from '../../log';

// Far above what piles up between two publishers; a larger backlog drains a batch per call.
const BATCH = 1_000;

export interface InvalidationPublisher {
  db: Database;
  cache: CatalogCache;
  requestId?: string | undefined;
}

/**
 * Publishes the catalog cache invalidations that committed writes recorded (migration 0013):
 * one version bump covers every one committed before it was read, and only once Redis took the
 * bump are they forgotten, so a publisher that dies half-way leaves them for the next. Called
 * after every catalog write's commit and replay, and by the every-minute cron: an invalidation
 * is as durable as its write, and one lost with its Worker is published within a minute.
 *
 * With nothing to publish (a draft edit changes no page), nothing is bumped; the version is
 * only re-read, so that a bump another publisher made for this very write is seen here at once.
 * Never throws: the write is already committed, and a failure is logged and left to the cron.
 */
export async function publishCatalogInvalidations({
  db,
  cache,
  requestId,
}: InvalidationPublisher): Promise<{ published: number }> {
  try {
    const pending = await catalogWrites.pendingCacheInvalidations(db, BATCH);
    if (pending.length === 0) {
      await cache.confirmVersion();
      return { published: 0 };
    }
    if (!(await cache.invalidate())) return { published: 0 };
    await catalogWrites.forgetCacheInvalidations(db, pending);
    return { published: pending.length };
  } catch (error) {
    log('error', 'catalog cache invalidations not published; the every-minute cron will', {
      requestId,
      error: describeError(error),
    });
    return { published: 0 };
  }
}
