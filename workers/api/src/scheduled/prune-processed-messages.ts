import { catalogWrites } from '@edge-commerce/db';
import { log } from '../log';
import type { ScheduledJob } from './scheduled-job';

// 1,000 rows per DELETE keeps each one a few milliseconds of locks; 10 per run is 14 million a
// day, far above the message rate, so a backlog (a first run on a years-old table) drains in
// hours without any run holding the table for long.
const BATCH_SIZE = 1_000;
const MAX_BATCHES = 10;

/**
 * Forgets inbound message ids older than `PROCESSED_MESSAGES_RETENTION_DAYS` (ADR 7): by then
 * no sender redelivers them, and a late one would still change nothing stale (versions).
 */
export const pruneProcessedMessages: ScheduledJob = async ({ db, config }) => {
  const deleted = await catalogWrites.deleteExpiredProcessedMessages(db, {
    retentionDays: config.PROCESSED_MESSAGES_RETENTION_DAYS,
    batchSize: BATCH_SIZE,
    maxBatches: MAX_BATCHES,
  });
  log('info', 'expired processed messages deleted', { job: 'prune-processed-messages', deleted });
};
