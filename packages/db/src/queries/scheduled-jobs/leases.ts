import { sql } from 'drizzle-orm';
import type { Database } from '../../client';

export interface JobLease {
  /** The cron job's name. */
  job: string;
  /** This run's own id: a random one per run. */
  holder: string;
}

/**
 * Takes the job's lease for `seconds` if no other run holds it, and says whether it did. One
 * upsert: of runs that try at once, Postgres lets one write the row and re-checks the others'
 * WHERE against the row it wrote, so exactly one gets it. The clock is the database's, the
 * same for every run.
 */
export async function takeJobLease(
  db: Database,
  { job, holder }: JobLease,
  seconds: number,
): Promise<boolean> {
  const { rows } = await db.execute<{ holder: string }>(sql`
    insert into scheduled_job_leases as lease (job, holder, held_until)
    values (${job}, ${holder}, now() + make_interval(secs => ${seconds}::int))
    on conflict (job) do update set holder = excluded.holder, held_until = excluded.held_until
    where lease.held_until <= now()
    returning holder`);
  return rows.length === 1;
}

/** Gives the lease back at once, if this run still holds it, so the next run need not wait it out. */
export async function releaseJobLease(db: Database, { job, holder }: JobLease): Promise<void> {
  await db.execute(sql`
    update scheduled_job_leases set held_until = now()
    where job = ${job} and holder = ${holder} and held_until > now()`);
}
