import { type Database, scheduledJobs } from '@edge-commerce/db';

// Longer than any run (budgets are at most 30 s, plus the batch in flight when one runs out),
// shorter than the cron's minute: a run that died frees the job before the next one starts.
const LEASE_SECONDS = 50;

/**
 * Runs `work` only if no other run of `job` is working (ADR 16); returns its result, or
 * `undefined` when another run holds the lease. The lease is given back when `work` ends,
 * however it ends; a run that dies leaves it to expire.
 */
export async function withJobLease<T>(
  db: Database,
  job: string,
  work: () => Promise<T>,
): Promise<T | undefined> {
  const lease = { job, holder: crypto.randomUUID() };
  if (!(await scheduledJobs.takeJobLease(db, lease, LEASE_SECONDS))) return undefined;
  try {
    return await work();
  } finally {
    await scheduledJobs.releaseJobLease(db, lease);
  }
}
