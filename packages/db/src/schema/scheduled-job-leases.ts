import { pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Which run of a cron job may work right now (ADR 16). A run takes its job's row when the row
 * is missing or its `held_until` has passed, in one atomic upsert, and gives it back when it
 * ends; a run that dies leaves a lease that expires by itself. A table rather than an advisory
 * lock: the Neon driver's pooled connections give no session to hold one across statements.
 */
export const scheduledJobLeases = pgTable('scheduled_job_leases', {
  /** The cron job's name, e.g. `refresh-stale-listings`. */
  job: text().primaryKey(),
  /** The run holding the lease (a random id per run): only it may give the lease back early. */
  holder: text().notNull(),
  /** Past this the lease is free again, whether or not its holder gave it back. */
  heldUntil: timestamp({ withTimezone: true }).notNull(),
});
