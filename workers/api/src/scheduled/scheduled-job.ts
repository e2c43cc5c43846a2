import type { Database } from '@edge-commerce/db';
import type { Config } from '../config';

/** What a cron job gets: the run's database connection, the validated configuration, waitUntil. */
export interface ScheduledJobContext {
  db: Database;
  config: Config;
  waitUntil: (promise: Promise<unknown>) => void;
}

/** One job of the every-minute cron; a failure is logged and retried by the next run. */
export type ScheduledJob = (context: ScheduledJobContext) => Promise<void>;
