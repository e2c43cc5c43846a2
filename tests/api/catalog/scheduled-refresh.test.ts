import { createExecutionContext, createScheduledController, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import worker from '../../../workers/api/src/index';
import { buildWorld, type ListBody, pricedVariant, storefrontJson } from './storefront-fixtures';

async function runCron(): Promise<void> {
  const ctx = createExecutionContext();
  await worker.scheduled(createScheduledController({ cron: '* * * * *' }), env, ctx);
  await waitOnExecutionContext(ctx);
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
