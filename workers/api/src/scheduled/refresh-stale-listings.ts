import { createDatabase, storefront } from '@edge-commerce/db';
import { catalogCacheFor } from '../cache/catalog-cache-for';
import { loadConfig } from '../config';
import { describeError, log, setLogLevel } from '../log';

/**
 * The every-minute cron: brings listings whose price windows opened or closed up to date, and
 * when any changed, invalidates the catalog cache, whose pages were rendered with the old prices
 * and would otherwise keep showing them until their TTL.
 */
export async function refreshStaleListings(
  env: object,
  waitUntil: (promise: Promise<unknown>) => void,
): Promise<void> {
  const loaded = loadConfig(env);
  if (!loaded.ok) {
    log('error', 'configuration invalid', { job: 'refresh-stale-listings', problems: loaded.problems });
    return;
  }
  const { config } = loaded;
  setLogLevel(config.LOG_LEVEL);
  const { db, close } = createDatabase({
    url: config.DATABASE_URL,
    localWebSocketProxy: config.DATABASE_WS_PROXY,
  });
  try {
    const refreshed = await storefront.refreshStaleListings(db);
    if (refreshed > 0) await catalogCacheFor(config, { waitUntil }).invalidate();
    log('info', 'stale listings refreshed', { job: 'refresh-stale-listings', refreshed });
  } catch (error) {
    // The next minute's run tries again; reads stay correct meanwhile (they recompute).
    log('error', 'stale listings refresh failed', {
      job: 'refresh-stale-listings',
      error: describeError(error),
    });
  } finally {
    waitUntil(close().catch(() => {}));
  }
}
