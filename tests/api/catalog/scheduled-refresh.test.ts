import { createExecutionContext, createScheduledController, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it, type MockInstance, vi } from 'vitest';
import worker from '../../../workers/api/src/index';
import { onEmbeddedPglite, postSigned } from './catalog-test-kit';
import { productItem } from './pim-fixtures';
import {
  buildWorld,
  type ListBody,
  pricedVariant,
  storefrontJson,
  type World,
  withTestDatabase,
} from './storefront-fixtures';

// The stale-listing cron works in bounded batches, one run at a time (ADR 16). Runs are started
// the way Cloudflare starts them (the Worker's scheduled handler), with the caps set through the
// same variables production reads, and report through their log line. Other suites may refresh
// stale listings at the same time: assertions count our own listings, or what a run reports.

const JOB = 'refresh-stale-listings';
const skipOnPglite = await onEmbeddedPglite();

interface RunReport {
  message: string;
  refreshed?: number;
  batches?: number;
}

let logged: MockInstance<typeof console.log>;
beforeEach(() => {
  logged = vi.spyOn(console, 'log').mockImplementation(() => {});
});
afterEach(() => {
  logged.mockRestore();
});

/** The cron's every-minute run, with these caps if given; its log lines are read back from `logged`. */
async function runCron(caps: { batchSize?: number; batchesPerRun?: number; budgetMs?: number } = {}) {
  const ctx = createExecutionContext();
  // Unset caps keep their production defaults; the budget is the most a test may wait for.
  const variables: Record<string, string> = { STALE_LISTINGS_RUN_BUDGET_MS: String(caps.budgetMs ?? 30_000) };
  if (caps.batchSize !== undefined) variables.STALE_LISTINGS_BATCH_SIZE = String(caps.batchSize);
  if (caps.batchesPerRun !== undefined) variables.STALE_LISTINGS_BATCHES_PER_RUN = String(caps.batchesPerRun);
  // The Worker reads these like any variable; Env types only those wrangler.toml declares.
  const runEnv = { ...env, ...variables, LOG_LEVEL: 'info' } as typeof env;
  await worker.scheduled(createScheduledController({ cron: '* * * * *' }), runEnv, ctx);
  await waitOnExecutionContext(ctx);
}

/** What each run of the stale-listing job said, in order. */
function runReports(): RunReport[] {
  return logged.mock.calls
    .map(([line]) => (typeof line === 'string' && line.startsWith('{') ? JSON.parse(line) : undefined))
    .filter((fields): fields is RunReport & { job: string } => fields?.job === JOB);
}

const BACKED_OFF = 'another run is refreshing stale listings';

/**
 * A run that works: other suites start the cron too (the retention suites), and a run of theirs
 * holding the lease makes ours back off, as it should; ours is started again until it works.
 */
async function workingRun(caps: Parameters<typeof runCron>[0]): Promise<RunReport> {
  for (let attempt = 0; attempt < 40; attempt++) {
    const before = runReports().length;
    await runCron(caps);
    const report = runReports()[before];
    if (report && report.message !== BACKED_OFF) return report;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('the stale-listing job never got its lease');
}

function productIds(world: World): string[] {
  return [...world.products.values()].map((product) => product.id);
}

/** A world of `count` listed products whose listings went stale, the first the longest ago. */
async function staleWorld(count: number): Promise<World> {
  const world = await buildWorld(
    Array.from({ length: count }, (_, index) => ({
      key: `sale-${index}`,
      title: `Sale item ${index}`,
      variants: [pricedVariant({ size: 'M' }, 2000 + index)],
    })),
  );
  // As if their sale had ended a minute ago, a millisecond apart, so the order is known.
  await withTestDatabase((db) =>
    db.execute(sql`
      update product_listings l
      set fresh_until = now() - interval '1 minute' + make_interval(secs => w.position / 1000.0)
      from jsonb_array_elements_text(${JSON.stringify(productIds(world))}::jsonb)
        with ordinality as w(product_id, position)
      where l.product_id = w.product_id`),
  );
  return world;
}

async function staleCount(world: World): Promise<number> {
  const { rows } = await withTestDatabase((db) =>
    db.execute<{ stale: number }>(sql`
      select count(*)::int as stale from product_listings
      where product_id in (select jsonb_array_elements_text(${JSON.stringify(productIds(world))}::jsonb))
        and fresh_until <= now()`),
  );
  return rows[0]?.stale ?? 0;
}

async function setLease(heldUntil: 'in a minute' | 'a second ago'): Promise<void> {
  const until =
    heldUntil === 'in a minute' ? sql`now() + interval '1 minute'` : sql`now() - interval '1 second'`;
  await withTestDatabase((db) =>
    db.execute(sql`
      insert into scheduled_job_leases (job, holder, held_until) values (${JOB}, 'a run that died', ${until})
      on conflict (job) do update set holder = excluded.holder, held_until = excluded.held_until`),
  );
}

const usdPrice = (body: ListBody) => body.data.map((product) => product.priceRange.min.amount);

describe('the every-minute cron', () => {
  it('puts a price window that opened since the page was cached on the next read', async () => {
    const opensAt = new Date(Date.now() + 1_500);
    const world = await buildWorld([
      {
        key: 'flash-sale-tee',
        title: 'Flash Sale Tee',
        variants: [
          {
            options: { size: 'M' },
            prices: [
              { currency: 'USD', amount: 3000 },
              { currency: 'USD', amount: 2500, startsAt: opensAt },
            ],
          },
        ],
      },
    ]);
    const page = `/v1/products?tag=${world.tag}`;
    expect(usdPrice(await storefrontJson<ListBody>(page))).toEqual([3000]);

    await new Promise((resolve) => setTimeout(resolve, opensAt.getTime() - Date.now() + 100));
    // The cached page was rendered before the window opened, and no write has happened since.
    expect(usdPrice(await storefrontJson<ListBody>(page))).toEqual([3000]);

    await runCron();
    expect(usdPrice(await storefrontJson<ListBody>(page))).toEqual([2500]);
  });

  it('leaves the cache alone when no listing went stale', async () => {
    const world = await buildWorld([
      { key: 'steady-tee', title: 'Steady Tee', variants: [pricedVariant({ size: 'S' }, 1900)] },
    ]);
    await runCron();
    expect(usdPrice(await storefrontJson<ListBody>(`/v1/products?tag=${world.tag}`))).toEqual([1900]);
  });
});

describe('the stale-listing cron, bounded', { timeout: 120_000 }, () => {
  it('refreshes at most batch size × batches per run, and the next run goes on from there', async () => {
    const world = await staleWorld(12);
    const first = await workingRun({ batchSize: 2, batchesPerRun: 2 });
    expect(first?.refreshed).toBe(4);
    expect(first?.batches).toBe(2);
    expect(await staleCount(world)).toBeGreaterThan(0);

    // Whatever else is stale in the shared database, runs of 4 get to the end of ours.
    for (let run = 0; run < 50 && (await staleCount(world)) > 0; run++) {
      await workingRun({ batchSize: 2, batchesPerRun: 2 });
    }
    expect(await staleCount(world)).toBe(0);
    const reports = runReports().filter((report) => report.message !== BACKED_OFF);
    expect(reports.length).toBeGreaterThanOrEqual(3);
    for (const report of reports) expect(report.refreshed).toBeLessThanOrEqual(4);
  });

  it('stops starting batches once its wall-time budget is spent', async () => {
    const world = await staleWorld(40);
    // One listing a batch and the smallest budget: far fewer batches than 40 fit in 100 ms.
    const report = await workingRun({ batchSize: 1, budgetMs: 100 });
    expect(report?.batches).toBeLessThan(40);
    expect(await staleCount(world)).toBeGreaterThan(0);
  });

  it('does nothing while another run holds the lease, and goes ahead once that lease expired', async () => {
    const world = await staleWorld(3);
    await setLease('in a minute');
    try {
      await runCron();
      expect(runReports().map((report) => report.message)).toEqual([BACKED_OFF]);
      expect(await staleCount(world)).toBe(3);

      // The run that took it died without giving it back: its lease runs out by itself.
      await setLease('a second ago');
      expect((await workingRun({})).message).toBe('stale listings refreshed');
      expect(await staleCount(world)).toBe(0);
    } finally {
      await setLease('a second ago');
    }
  });
});

// Concurrent clients need a real PostgreSQL: PGlite serves every connection from one session.
describe.skipIf(skipOnPglite)(
  'the stale-listing cron racing (real PostgreSQL only)',
  { timeout: 120_000 },
  () => {
    it('eight runs started at once: one works, the seven others back off', async () => {
      const world = await staleWorld(24);
      // One listing per batch: the run that works holds the lease for 24 batches or more. A
      // round may find the lease held by another suite's run, and none of ours works: race again.
      let messages: string[] = [];
      for (let round = 0; round < 5 && !messages.includes('stale listings refreshed'); round++) {
        const before = runReports().length;
        await Promise.all(Array.from({ length: 8 }, () => runCron({ batchSize: 1 })));
        messages = runReports()
          .slice(before)
          .map((report) => report.message);
        expect(messages.filter((message) => message !== BACKED_OFF).length).toBeLessThanOrEqual(1);
      }
      expect(messages.filter((message) => message === 'stale listings refreshed')).toHaveLength(1);
      expect(messages.filter((message) => message === BACKED_OFF)).toHaveLength(7);
      expect(await staleCount(world)).toBe(0);
    });

    it('a PIM write to a product of the run waits for one batch at most, not for the whole run', async () => {
      const world = await staleWorld(200);
      const last = world.handleOf('sale-199');
      const run = workingRun({ batchSize: 2 }).then(() => 'run over' as const);
      // Until a first batch has committed the run has not started working.
      while ((await staleCount(world)) === 200) await new Promise((resolve) => setTimeout(resolve, 10));

      // The listing the run refreshes last, rewritten by the PIM meanwhile.
      const written = postSigned('/v1/integrations/pim/products', {
        products: [productItem(last, 2, { title: 'Sale item, renamed' })],
      }).then(async (response) => ({ status: response.status, staleLeft: await staleCount(world) }));
      const first = await Promise.race([run, written]);
      expect(first).not.toBe('run over');
      const { status, staleLeft } = await written;
      expect(status).toBe(200);
      expect(staleLeft).toBeGreaterThan(0);
      await run;
      expect(await staleCount(world)).toBe(0);
    });
  },
);
