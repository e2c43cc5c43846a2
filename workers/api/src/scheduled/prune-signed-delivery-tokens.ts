import { catalogWrites } from '@edge-commerce/db';
import { log } from '../log';
import type { ScheduledJob } from './scheduled-job';

// A row lives as long as its token verifies (5 minutes and the tolerance), so the table holds a
// few minutes of deliveries: 1,000 rows per DELETE and 10 per run keep up with 10,000 delivery
// attempts a minute while no DELETE holds locks for long.
const BATCH_SIZE = 1_000;
const MAX_BATCHES = 10;
// Expiry is judged by the Worker's clock and deleted by the database's: a minute of grace keeps a
// skew between the two from forgetting a token the Worker would still accept.
const GRACE_SECONDS = 60;

/** Forgets which message id a QStash signature came with once it can no longer verify (ADR 17). */
export const pruneSignedDeliveryTokens: ScheduledJob = async ({ db }) => {
  const deleted = await catalogWrites.deleteExpiredSignedDeliveryTokens(db, {
    graceSeconds: GRACE_SECONDS,
    batchSize: BATCH_SIZE,
    maxBatches: MAX_BATCHES,
  });
  log('info', 'expired signed delivery tokens deleted', { job: 'prune-signed-delivery-tokens', deleted });
};
