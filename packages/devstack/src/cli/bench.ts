import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Cleanup } from '../bench/cleanup';
import { describeCheckoutComparison, describeFlowProblems, formatFlowTable } from '../bench/flow-report';
import { parseBenchOptions, USAGE } from '../bench/options';
import {
  describeCacheFallbacks,
  describeProblems,
  describeProfiles,
  describeWriters,
  formatTable,
} from '../bench/report';
import { BENCH_DIR, runBench } from '../bench/run';
import { describeTargets } from '../bench/targets';

const cleanup = new Cleanup();
for (const [signal, code] of [
  ['SIGINT', 130],
  ['SIGTERM', 143],
] as const) {
  process.once(signal, () => {
    console.error(`\n${signal}: stopping workerd and the database…`);
    void cleanup.run().finally(() => process.exit(code));
  });
}

try {
  const options = parseBenchOptions(process.argv.slice(2));
  if (options.help) {
    console.log(USAGE);
  } else {
    const report = await runBench(options, cleanup, (line) => console.error(line));
    const problems = [...describeProblems(report.points), ...describeFlowProblems(report.flows)];
    console.log(`\n${report.header}\n`);
    console.log(formatTable(report.points));
    if (report.flows.length > 0) {
      console.log(
        `\nFlows (several requests per shopper, back to back; latencies of completed flows only):\n`,
      );
      console.log(formatFlowTable(report.flows));
      console.log(`\n${describeCheckoutComparison(report.flows).join('\n')}`);
    }
    const writers = describeWriters(report.points);
    if (writers.length > 0) console.log(`\n${writers.join('\n')}`);
    const fallbacks = describeCacheFallbacks(report.points);
    if (fallbacks.length > 0) console.log(`\n${fallbacks.join('\n')}`);
    const profiles = describeProfiles(report.points, report.flows);
    if (profiles.length > 0) console.log(`\n${profiles.join('\n')}`);
    if (problems.length > 0) console.log(`\n${problems.join('\n')}`);
    const targets = describeTargets(report.targets);
    if (targets.length > 0)
      console.log(`\nTargets (issues 9 to 12, against this run's own figures):\n${targets.join('\n')}`);
    const json = JSON.stringify(report, null, 2);
    console.log(`\n${json}`);
    await writeFile(join(BENCH_DIR, 'latest.json'), `${json}\n`);
    console.error('Written to .bench/latest.json');
    // A run that saw failures must not pass for a clean one in scripts or CI.
    if (problems.length > 0) process.exitCode = 1;
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await cleanup.run();
}
