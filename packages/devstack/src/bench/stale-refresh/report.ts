import type { StaleRefreshReport } from './measure';

function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

const ms = (value: number | null) => (value === null ? '–' : `${Math.round(value)} ms`);

/** The measurement as lines a person reads: the catch-up, then the PIM latencies. */
export function describeStaleRefresh(report: StaleRefreshReport, cadenceSeconds: number): string[] {
  const lines = [`${report.listingsMadeStale} listings stale at once.`, ''];
  lines.push('run  stale before  refreshed  batches  run time    per batch   PIM batches during the run');
  for (const run of report.runs) {
    const perBatch = run.batches ? run.durationMs / run.batches : null;
    lines.push(
      [
        String(run.run).padStart(3),
        String(run.staleBefore).padStart(13),
        String(run.refreshed ?? '?').padStart(10),
        String(run.batches ?? '?').padStart(8),
        ms(run.durationMs).padStart(10),
        ms(perBatch).padStart(11),
        `  ${run.pimDuringRun.map((probe) => `${ms(probe.ms)}${probe.returnedBeforeRunEnded ? '' : ' (after the run)'}`).join(', ') || '–'}`,
      ].join(' '),
    );
  }
  const during = report.runs.flatMap((run) => run.pimDuringRun.map((probe) => probe.ms));
  lines.push(
    '',
    report.allFreshAfterMs === null
      ? 'Not every listing was fresh after the last run measured.'
      : `All listings fresh ${ms(report.allFreshAfterMs)} after the windows ended, with a run every ${cadenceSeconds} s ` +
          `(${report.runs.length} run${report.runs.length === 1 ? '' : 's'}).`,
    `PIM batch latency, no run going: median ${ms(median(report.pimIdleMs))}, max ${ms(Math.max(...report.pimIdleMs))} ` +
      `(${report.pimIdleMs.length} batches).`,
    `PIM batch latency during runs:   median ${ms(median(during))}, max ${ms(during.length ? Math.max(...during) : null)} ` +
      `(${during.length} batches).`,
  );
  return lines;
}
