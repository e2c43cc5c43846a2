import { idempotency } from '@edge-commerce/db';
import { log } from '../log';
import type { ScheduledJob } from './scheduled-job';

// As for the other retention jobs: short DELETEs through the created_at index, a bounded number
// per run, so a backlog drains without long locks.
const BATCH_SIZE = 1_000;
const MAX_BATCHES = 10;

/** Forgets `Idempotency-Key`s and their answers after 24 hours (ADR 30). */
export const pruneIdempotencyKeys: ScheduledJob = async ({ db }) => {
  const deleted = await idempotency.deleteExpiredIdempotencyKeys(db, {
    batchSize: BATCH_SIZE,
    maxBatches: MAX_BATCHES,
  });
  log('info', 'expired idempotency keys deleted', { job: 'prune-idempotency-keys', deleted });
};
