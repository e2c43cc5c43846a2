import { createApp } from './app';
import { answerWarmCatalogRead } from './catalog/storefront/warm-reads';
import { answerAtFrontDoor } from './front-door/front-door';
import { runEveryMinute } from './scheduled/every-minute';

/**
 * The Worker: every request through the front door (rate limits, CORS, security headers), then
 * warm storefront reads answered straight from the isolate's catalog cache and every other
 * request through the app; and the cron. A function so that tests build their own.
 */
export function createWorker(app = createApp()) {
  return {
    fetch: (request, env, executionContext) =>
      answerAtFrontDoor(request, env, {
        warm: (headers) => answerWarmCatalogRead(request, env, executionContext, headers),
        app: () => app.fetch(request, env, executionContext),
      }),
    // wrangler.toml [triggers]: every minute.
    scheduled: (_controller, env, executionContext) =>
      executionContext.waitUntil(runEveryMinute(env, (promise) => executionContext.waitUntil(promise))),
  } satisfies ExportedHandler<Cloudflare.Env>;
}
