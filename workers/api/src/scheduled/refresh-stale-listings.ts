import { storefront } from '@edge-commerce/db';
import { catalogCacheFor } from '../cache/catalog-cache-for';
import { publishCatalogInvalidations } from '../catalog/write/cache-invalidation';
import { log } from '../log';
import { withJobLease } from './job-lease';
import type { ScheduledJob } from './scheduled-job';

const JOB = 'refresh-stale-listings';

/**
 * Brings listings whose price windows opened or closed up to date, a batch per transaction, the
 * longest stale first, within a cap of batches and of wall time per run; the next minute's run
 * goes on where this one stopped (ADR 16). Only one run works at a time. Each batch's rewritten
 * listings record a catalog cache invalidation in its transaction (ADR 18), published after the
 * batch, so shoppers see each batch's prices as it commits rather than after the whole run
 * (pages rendered with the old prices would otherwise keep showing them until their TTL). A
 * failure waits for the next run; reads stay correct meanwhile (they recompute stale listings).
 */
export const refreshStaleListings: ScheduledJob = async ({ db, config, waitUntil }) => {
  const batchSize = config.STALE_LISTINGS_BATCH_SIZE;
  const deadline = Date.now() + config.STALE_LISTINGS_RUN_BUDGET_MS;
  const outcome = await withJobLease(db, JOB, async () => {
    const cache = catalogCacheFor(config, { waitUntil });
    let refreshed = 0;
    let batches = 0;
    while (batches < config.STALE_LISTINGS_BATCHES_PER_RUN && Date.now() < deadline) {
      const batch = await storefront.refreshStaleListingBatch(db, batchSize);
      batches++;
      refreshed += batch;
      if (batch > 0) await publishCatalogInvalidations({ db, cache });
      if (batch < batchSize) return { refreshed, batches, caughtUp: true };
    }
    return { refreshed, batches, caughtUp: false };
  });
  if (outcome === undefined) {
    log('info', 'another run is refreshing stale listings', { job: JOB });
    return;
  }
  log('info', 'stale listings refreshed', { job: JOB, ...outcome });
};
