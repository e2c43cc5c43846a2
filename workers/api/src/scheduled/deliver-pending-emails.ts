import { customers, emailOutbox } from '@edge-commerce/db';
import { deliverDueEmails } from '../email/deliver-emails';
import { log } from '../log';
import type { ScheduledJob } from './scheduled-job';

/** Rows one run deletes at most; the next run goes on. */
const PRUNE_LIMIT = 1_000;

/**
 * Sends what the kick after a commit did not (ADR 25): an email whose Worker died, whose send
 * failed (its backoff passed), or that waited for a Resend key. Then deletes finished emails
 * older than EMAIL_OUTBOX_RETENTION_DAYS, and the account tokens whose links are dead (spent or
 * expired), so no address outlives its link for more than a minute.
 */
export const deliverPendingEmails: ScheduledJob = async ({ db, config }) => {
  const counts = await deliverDueEmails(db, config, { limit: 200 });
  const pruned = await emailOutbox.pruneFinishedEmails(db, config.EMAIL_OUTBOX_RETENTION_DAYS, PRUNE_LIMIT);
  const deadTokens = await customers.pruneDeadAccountTokens(db, PRUNE_LIMIT);
  if (counts.sent + counts.retrying + counts.failed + pruned + deadTokens > 0) {
    log('info', 'email outbox swept', { job: 'deliver-pending-emails', ...counts, pruned, deadTokens });
  }
};
