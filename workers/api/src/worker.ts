import { createApp } from './app';
import { answerWarmCatalogRead } from './catalog/storefront/warm-reads';
import { refreshStaleListings } from './scheduled/refresh-stale-listings';

/**
 * The Worker: warm storefront reads answered straight from the isolate's catalog cache, every
 * other request through the app; and the cron. A function so that tests build their own.
 */
export function createWorker(app = createApp()) {
  return {
    fetch: (request, env, executionContext) =>
      answerWarmCatalogRead(request, env, executionContext) ?? app.fetch(request, env, executionContext),
    // wrangler.toml [triggers]: every minute.
    scheduled: (_controller, env, executionContext) =>
      executionContext.waitUntil(refreshStaleListings(env, (promise) => executionContext.waitUntil(promise))),
  } satisfies ExportedHandler<Cloudflare.Env>;
}
