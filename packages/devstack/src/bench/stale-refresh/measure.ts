import { open, stat } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'drizzle-orm';
import { connectFromNode } from '../../postgres/connect';
import { deliverPimBatch, pimProductBatch } from './pim-batch';
import type { CronBenchStack } from './stack';

export interface StaleRefreshOptions {
  /** Products per PIM batch sent during the measurement. */
  pimBatchSize: number;
  /** PIM batches sent with no cron run going, for the baseline latency. */
  idleSamples: number;
  /** The cron's interval in production: a run starts every this many seconds. */
  cadenceSeconds: number;
  /** Runs at most before giving up on the catch-up. */
  maxRuns: number;
}

export interface CronRunMeasurement {
  run: number;
  staleBefore: number;
  staleAfter: number;
  durationMs: number;
  /** From the job's log line: listings refreshed and batches (the old job: one statement). */
  refreshed: number | null;
  batches: number | null;
  /** PIM batches sent while the run worked: latency, and whether they returned before it ended. */
  pimDuringRun: { ms: number; returnedBeforeRunEnded: boolean }[];
}

export interface StaleRefreshReport {
  listingsMadeStale: number;
  pimIdleMs: number[];
  runs: CronRunMeasurement[];
  /** With a run every `cadenceSeconds`: the start of the last run plus its length. */
  allFreshAfterMs: number | null;
}

// A PIM batch goes out this long after a run starts, so that it meets the run at work.
const PIM_PROBE_DELAY_MS = 250;
const PIM_PROBES_PER_RUN = 3;
const JOB = 'refresh-stale-listings';

/**
 * Ends every listing's price window at the same instant (as a sale ending at midnight on the
 * whole catalog would), then starts the cron run after run, as the every-minute trigger would,
 * until no listing is stale; meanwhile PIM batches measure how long a writer of those products
 * waits. Run back to back: the minute between two runs is idle and added in the arithmetic.
 */
export async function measureStaleRefresh(
  stack: CronBenchStack,
  options: StaleRefreshOptions,
  progress: (line: string) => void,
): Promise<StaleRefreshReport> {
  const { db, close } = connectFromNode(stack.target);
  try {
    const staleNow = async () => {
      const { rows } = await db.execute<{ stale: number }>(
        sql`select count(*)::int as stale from product_listings where fresh_until < 'infinity' and fresh_until <= now()`,
      );
      return rows[0]?.stale ?? 0;
    };
    const { rows: versions } = await db.execute<{ version: number }>(
      sql`select coalesce(max(pim_version), 1)::bigint as version from products`,
    );
    let version = Number(versions[0]?.version ?? 1);
    let nextProduct = 0;
    // Timed from when the PIM meant to send, not from when this process got to: an embedded
    // PGlite runs in this process, and while it works on a statement nothing here runs, timers
    // included, though a real PIM elsewhere would be waiting already.
    const sendPimBatch = async (meantAt = performance.now()) => {
      const batch = pimProductBatch(nextProduct, options.pimBatchSize, ++version);
      nextProduct += options.pimBatchSize;
      await deliverPimBatch(stack.apiUrl, stack.signingKey, batch);
      return performance.now() - meantAt;
    };

    progress(`PIM batches of ${options.pimBatchSize} products with no cron run going…`);
    const pimIdleMs: number[] = [];
    for (let sample = 0; sample < options.idleSamples; sample++) pimIdleMs.push(await sendPimBatch());

    // Every listing's window passes now: what a catalog-wide sale ending at midnight leaves.
    const { rowCount } = await db.execute(sql`update product_listings set fresh_until = now()`);
    const listingsMadeStale = rowCount ?? 0;
    progress(`${listingsMadeStale} listings made stale at once; running the cron until none is…`);

    const runs: CronRunMeasurement[] = [];
    for (let run = 1; run <= options.maxRuns; run++) {
      const staleBefore = await staleNow();
      if (staleBefore === 0) break;
      const logOffset = (await stat(stack.workerdLogPath)).size;
      let over = false;
      const started = performance.now();
      const cron = fetch(stack.cronUrl, { signal: AbortSignal.timeout(900_000) }).then(async (response) => {
        const text = await response.text();
        over = true;
        if (response.status !== 200) throw new Error(`cron trigger answered ${response.status}: ${text}`);
        return performance.now() - started;
      });
      const pimDuringRun: CronRunMeasurement['pimDuringRun'] = [];
      await Promise.race([sleep(PIM_PROBE_DELAY_MS), cron]);
      let meantAt = started + PIM_PROBE_DELAY_MS;
      while (!over && pimDuringRun.length < PIM_PROBES_PER_RUN) {
        const ms = await sendPimBatch(meantAt);
        pimDuringRun.push({ ms, returnedBeforeRunEnded: !over });
        meantAt = performance.now();
      }
      const durationMs = await cron;
      const summary = await jobSummary(stack.workerdLogPath, logOffset);
      const staleAfter = await staleNow();
      runs.push({ run, staleBefore, staleAfter, durationMs, ...summary, pimDuringRun });
      progress(
        `  run ${run}: ${Math.round(durationMs)} ms, ${summary.refreshed ?? '?'} refreshed in ` +
          `${summary.batches ?? '?'} batches, ${staleAfter} stale left; PIM ${pimDuringRun
            .map(
              (probe) =>
                `${Math.round(probe.ms)} ms${probe.returnedBeforeRunEnded ? '' : ' (after the run)'}`,
            )
            .join(', ')}`,
      );
    }
    const last = runs.at(-1);
    const allFreshAfterMs =
      last && last.staleAfter === 0
        ? (runs.length - 1) * options.cadenceSeconds * 1000 + last.durationMs
        : null;
    return { listingsMadeStale, pimIdleMs, runs, allFreshAfterMs };
  } finally {
    await close();
  }
}

/** The stale-listing job's summary line written since `offset` of workerd's log. */
async function jobSummary(
  logPath: string,
  offset: number,
): Promise<{ refreshed: number | null; batches: number | null }> {
  const file = await open(logPath, 'r');
  try {
    const { size } = await file.stat();
    const buffer = Buffer.alloc(size - offset);
    await file.read(buffer, 0, buffer.length, offset);
    for (const line of buffer.toString('utf8').split('\n')) {
      const start = line.indexOf('{');
      if (start < 0) continue;
      try {
        const fields = JSON.parse(line.slice(start)) as {
          job?: string;
          refreshed?: number;
          batches?: number;
        };
        if (fields.job !== JOB || fields.refreshed === undefined) continue;
        // The single-statement job of before ADR 16 logs no batches: it was one.
        return { refreshed: fields.refreshed, batches: fields.batches ?? (fields.refreshed > 0 ? 1 : 0) };
      } catch {
        // Not a JSON log line.
      }
    }
    return { refreshed: null, batches: null };
  } finally {
    await file.close();
  }
}
