import { storefront } from '@edge-commerce/db';
import { log } from '../log';
import type { ScheduledJob } from './scheduled-job';

/**
 * Brings listings whose price windows opened or closed up to date. The listings it rewrites
 * record a catalog cache invalidation in their transaction (ADR 18), which the next job of the
 * run publishes: pages rendered with the old prices would otherwise keep showing them until
 * their TTL. A failure waits for the next minute's run; reads stay correct meanwhile (they
 * recompute such listings).
 */
export const refreshStaleListings: ScheduledJob = async ({ db }) => {
  const refreshed = await storefront.refreshStaleListings(db);
  log('info', 'stale listings refreshed', { job: 'refresh-stale-listings', refreshed });
};
