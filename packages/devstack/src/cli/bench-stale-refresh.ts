import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Cleanup } from '../bench/cleanup';
import { BENCH_DIR } from '../bench/run';
import { measureStaleRefresh } from '../bench/stale-refresh/measure';
import { describeStaleRefresh } from '../bench/stale-refresh/report';
import { startCronBenchStack } from '../bench/stale-refresh/stack';

const USAGE = `Usage: npm run bench:stale-refresh -- [options]

Ends every listing's price window at once on the bench catalog, then runs the every-minute cron
(the Worker's scheduled handler, started by workerd) until every listing is fresh, sending PIM
product batches meanwhile. Reports runs, run and batch times, the time until all listings are
fresh at the cron's cadence, and PIM batch latency with and without a run going.

  --products <n>      catalog size (default 50000; kept in .bench/ between runs, as npm run bench)
  --pim-batch <n>     products per PIM batch (default 100)
  --idle-samples <n>  PIM batches sent before, with no run going (default 5)
  --cadence <s>       the cron's interval (default 60)
  --max-runs <n>      give up after this many runs (default 60)
  --help

DATABASE_URL: a real PostgreSQL instead of embedded PGlite. STALE_LISTINGS_BATCH_SIZE,
STALE_LISTINGS_BATCHES_PER_RUN, STALE_LISTINGS_RUN_BUDGET_MS: the job's caps (ADR 16).`;

function positive(name: string, raw: string): number {
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0)
    throw new Error(`--${name} ${raw}: expected a positive integer.\n\n${USAGE}`);
  return value;
}

const cleanup = new Cleanup();
for (const [signal, code] of [
  ['SIGINT', 130],
  ['SIGTERM', 143],
] as const) {
  process.once(signal, () => void cleanup.run().finally(() => process.exit(code)));
}

try {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: {
      products: { type: 'string', default: '50000' },
      'pim-batch': { type: 'string', default: '100' },
      'idle-samples': { type: 'string', default: '5' },
      cadence: { type: 'string', default: '60' },
      'max-runs': { type: 'string', default: '60' },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
  } else {
    const products = positive('products', values.products);
    const options = {
      pimBatchSize: positive('pim-batch', values['pim-batch']),
      idleSamples: positive('idle-samples', values['idle-samples']),
      cadenceSeconds: positive('cadence', values.cadence),
      maxRuns: positive('max-runs', values['max-runs']),
    };
    const progress = (line: string) => console.error(line);
    const stack = await startCronBenchStack({ products, benchDir: BENCH_DIR }, cleanup, progress);
    const report = await measureStaleRefresh(stack, options, progress);
    const setup = {
      generatedAt: new Date().toISOString(),
      catalogProducts: products,
      database: stack.databaseKind,
      workerdVersion: stack.workerdVersion,
      jobCaps: Object.fromEntries(
        ['STALE_LISTINGS_BATCH_SIZE', 'STALE_LISTINGS_BATCHES_PER_RUN', 'STALE_LISTINGS_RUN_BUDGET_MS'].map(
          (name) => [name, process.env[name] ?? 'default'],
        ),
      ),
      ...options,
    };
    console.log(`\n${describeStaleRefresh(report, options.cadenceSeconds).join('\n')}`);
    const json = JSON.stringify({ setup, ...report }, null, 2);
    const path = join(BENCH_DIR, `stale-refresh-${stack.databaseKind}.json`);
    await writeFile(path, `${json}\n`);
    console.error(`Written to ${path}`);
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await cleanup.run();
}
