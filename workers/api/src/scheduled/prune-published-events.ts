import { events } from '@edge-commerce/db';
import { log } from '../log';
import type { ScheduledJob } from './scheduled-job';

// As for processed messages: short DELETEs, and 10 per run is far above any event rate.
const BATCH_SIZE = 1_000;
const MAX_BATCHES = 10;

/**
 * Deletes events published more than `OUTBOX_RETENTION_DAYS` ago (ADR 33); until then a replay
 * can still send them. An unpublished event is never deleted.
 */
export const prunePublishedEvents: ScheduledJob = async ({ db, config }) => {
  const deleted = await events.deletePublishedEvents(db, {
    retentionDays: config.OUTBOX_RETENTION_DAYS,
    batchSize: BATCH_SIZE,
    maxBatches: MAX_BATCHES,
  });
  log('info', 'published events deleted', { job: 'prune-published-events', deleted });
};
