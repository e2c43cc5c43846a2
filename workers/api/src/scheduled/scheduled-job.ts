import type { Database } from '@edge-commerce/db';
import type { Config } from '../config';

/**
 * What a cron job gets: the run's database connection, the validated configuration, the SKUs'
 * InventoryObjects, waitUntil.
 */
export interface ScheduledJobContext {
  db: Database;
  config: Config;
  inventory: Cloudflare.Env['INVENTORY'];
  waitUntil: (promise: Promise<unknown>) => void;
}

/** One job of the every-minute cron; a failure is logged and retried by the next run. */
export type ScheduledJob = (context: ScheduledJobContext) => Promise<void>;
