import { catalogCacheFor } from '../cache/catalog-cache-for';
import { publishCatalogInvalidations } from '../catalog/write/cache-invalidation';
import { log } from '../log';
import type { ScheduledJob } from './scheduled-job';

/**
 * Publishes the catalog cache invalidations nobody published (ADR 18): those of the listings
 * this run refreshed, and any a writer recorded and then died, lost its waitUntil or found Redis
 * down before publishing. So an invalidation lost after its commit costs at most a minute of
 * staleness, not CATALOG_CACHE_TTL_SECONDS.
 */
export const publishPendingCatalogInvalidations: ScheduledJob = async ({ db, config, waitUntil }) => {
  const { published } = await publishCatalogInvalidations({
    db,
    cache: catalogCacheFor(config, { waitUntil }),
  });
  if (published > 0) {
    log('info', 'catalog cache invalidations published', { job: 'publish-catalog-invalidations', published });
  }
};
