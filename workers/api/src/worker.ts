import { createApp } from './app';
import { answerWarmCatalogRead } from './catalog/storefront/warm-reads';
import { runEveryMinute } from './scheduled/every-minute';

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
      executionContext.waitUntil(runEveryMinute(env, (promise) => executionContext.waitUntil(promise))),
  } satisfies ExportedHandler<Cloudflare.Env>;
}
