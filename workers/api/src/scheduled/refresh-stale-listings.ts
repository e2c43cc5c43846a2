import { storefront } from '@edge-commerce/db';
import { catalogCacheFor } from '../cache/catalog-cache-for';
import { log } from '../log';
import type { ScheduledJob } from './scheduled-job';

/**
 * Brings listings whose price windows opened or closed up to date, and when any changed,
 * invalidates the catalog cache, whose pages were rendered with the old prices and would
 * otherwise keep showing them until their TTL. A failure waits for the next minute's run; reads
 * stay correct meanwhile (they recompute such listings).
 */
export const refreshStaleListings: ScheduledJob = async ({ db, config, waitUntil }) => {
  const refreshed = await storefront.refreshStaleListings(db);
  if (refreshed > 0) await catalogCacheFor(config, { waitUntil }).invalidate();
  log('info', 'stale listings refreshed', { job: 'refresh-stale-listings', refreshed });
};
