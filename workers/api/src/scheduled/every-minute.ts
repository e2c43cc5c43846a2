import { createDatabase } from '@edge-commerce/db';
import { loadConfig } from '../config';
import { describeError, log, setLogLevel } from '../log';
import { deliverPendingEmails } from './deliver-pending-emails';
import { pruneIdempotencyKeys } from './prune-idempotency-keys';
import { pruneProcessedMessages } from './prune-processed-messages';
import { prunePublishedEvents } from './prune-published-events';
import { pruneSignedDeliveryTokens } from './prune-signed-delivery-tokens';
import { pruneStripeEvents } from './prune-stripe-events';
import { publishPendingCatalogInvalidations } from './publish-catalog-invalidations';
import { refreshStaleListings } from './refresh-stale-listings';
import { relayEvents } from './relay-events';
import { releaseLapsedPromotionHolds } from './release-lapsed-promotion-holds';
import type { ScheduledJob } from './scheduled-job';
import { settleCancellations } from './settle-cancellations';

// In order: the listings first, since shoppers see them (each batch publishes its own cache
// invalidation), then any invalidation left unpublished (a writer that died, Redis down), then
// integration events the kicks left, then emails left unsent, then money and stock owed by
// cancellations. Each job's failure is its own.
const JOBS: ReadonlyArray<[name: string, job: ScheduledJob]> = [
  ['refresh-stale-listings', refreshStaleListings],
  ['publish-catalog-invalidations', publishPendingCatalogInvalidations],
  ['relay-events', relayEvents],
  ['deliver-pending-emails', deliverPendingEmails],
  ['settle-cancellations', settleCancellations],
  ['release-lapsed-promotion-holds', releaseLapsedPromotionHolds],
  ['prune-processed-messages', pruneProcessedMessages],
  ['prune-signed-delivery-tokens', pruneSignedDeliveryTokens],
  ['prune-stripe-events', pruneStripeEvents],
  ['prune-idempotency-keys', pruneIdempotencyKeys],
  ['prune-published-events', prunePublishedEvents],
];

/** The every-minute cron (wrangler.toml [triggers]): every job, on one database connection. */
export async function runEveryMinute(
  env: Cloudflare.Env,
  waitUntil: (promise: Promise<unknown>) => void,
): Promise<void> {
  const loaded = loadConfig(env);
  if (!loaded.ok) {
    log('error', 'configuration invalid', { job: 'every-minute', problems: loaded.problems });
    return;
  }
  const { config } = loaded;
  setLogLevel(config.LOG_LEVEL);
  const { db, close } = createDatabase({
    url: config.DATABASE_URL,
    localWebSocketProxy: config.DATABASE_WS_PROXY,
  });
  try {
    for (const [name, job] of JOBS) {
      try {
        await job({ db, config, inventory: env.INVENTORY, waitUntil });
      } catch (error) {
        // The next minute's run tries again.
        log('error', 'scheduled job failed', { job: name, error: describeError(error) });
      }
    }
  } finally {
    waitUntil(close().catch(() => {}));
  }
}
