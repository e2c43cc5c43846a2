import { createApp } from './app';
import { refreshStaleListings } from './scheduled/refresh-stale-listings';

const app = createApp();

export default {
  fetch: app.fetch,
  // wrangler.toml [triggers]: every minute.
  scheduled: (_controller, env, ctx) =>
    ctx.waitUntil(refreshStaleListings(env, (promise) => ctx.waitUntil(promise))),
} satisfies ExportedHandler<Cloudflare.Env>;
