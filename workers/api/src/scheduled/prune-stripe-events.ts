import { stripeEvents } from '@edge-commerce/db';
import { log } from '../log';
import type { ScheduledJob } from './scheduled-job';

// As for processed messages: 1,000 rows per DELETE keeps each one short, and 10 per run
// (14 million a day) is far above any event rate, so a backlog drains without long locks.
const BATCH_SIZE = 1_000;
const MAX_BATCHES = 10;

/**
 * Forgets Stripe events received more than `STRIPE_EVENTS_RETENTION_DAYS` ago (ADR 27). Stripe
 * retries an event for up to 3 days and lists or resends it for 30, which the setting's minimum
 * covers: any event Stripe can still send is still deduplicated.
 */
export const pruneStripeEvents: ScheduledJob = async ({ db, config }) => {
  const deleted = await stripeEvents.deleteExpiredStripeEvents(db, {
    retentionDays: config.STRIPE_EVENTS_RETENTION_DAYS,
    batchSize: BATCH_SIZE,
    maxBatches: MAX_BATCHES,
  });
  log('info', 'expired Stripe events deleted', { job: 'prune-stripe-events', deleted });
};
