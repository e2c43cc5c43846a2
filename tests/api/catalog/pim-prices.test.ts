import { describe, expect, it } from 'vitest';
import { expectProblem } from '../problem-assertions';
import { eventsFor, storedPrices } from './catalog-rows';
import {
  newMessageId,
  postSigned,
  postWithKey,
  statementCount,
  uniqueSuffix,
  withDatabase,
} from './catalog-test-kit';
import { productBatch, productItem } from './pim-fixtures';

const PRODUCTS = '/v1/integrations/pim/products';
const PRICES = '/v1/integrations/pim/prices';

interface PriceBatchResult {
  deliveryId: string;
  applied: number;
  stale: number;
  results: {
    index: number;
    sku: string;
    currency: string;
    priceId: string;
    outcome: 'created' | 'updated' | 'stale';
    version: number;
    currentVersion: number;
  }[];
}

/** A product of three SKUs to price; returns them. */
async function pricedProduct(): Promise<[string, string, string]> {
  const item = productItem(`priced-${uniqueSuffix()}`, 1);
  expect((await postSigned(PRODUCTS, { products: [item] })).status).toBe(200);
  const [s, m, l] = item.variants.map((variant) => variant.sku);
  return [s ?? '', m ?? '', l ?? ''];
}

describe('POST /v1/integrations/pim/prices', { timeout: 30_000 }, () => {
  it('creates price windows in integer minor units and records a PriceUpdated event for each', async () => {
    const [small, medium] = await pricedProduct();

    const response = await postSigned(PRICES, {
      prices: [
        { sku: small, currency: 'EUR', amount: 4900, compareAtAmount: 5900, version: 1 },
        { sku: small, currency: 'JPY', amount: 7000, version: 1 },
        {
          sku: medium,
          currency: 'EUR',
          amount: 3900,
          startsAt: '2026-11-27T00:00:00+01:00',
          endsAt: '2026-12-01T00:00:00Z',
          version: 1,
        },
      ],
    });

    expect(response.status).toBe(200);
    const body = await response.json<PriceBatchResult>();
    expect(body).toMatchObject({ applied: 3, stale: 0 });
    expect(body.results.map((result) => [result.index, result.sku, result.outcome])).toEqual([
      [0, small, 'created'],
      [1, small, 'created'],
      [2, medium, 'created'],
    ]);
    expect(await withDatabase((db) => storedPrices(db, [small, medium]))).toEqual([
      expect.objectContaining({
        sku: medium,
        currency: 'EUR',
        amount: 3900,
        startsAt: '2026-11-26T23:00:00.000Z',
      }),
      expect.objectContaining({
        sku: small,
        currency: 'EUR',
        amount: 4900,
        compareAtAmount: 5900,
        startsAt: null,
      }),
      expect.objectContaining({
        sku: small,
        currency: 'JPY',
        amount: 7000,
        compareAtAmount: null,
        endsAt: null,
      }),
    ]);
    const events = await withDatabase((db) =>
      eventsFor(
        db,
        body.results.map((result) => result.priceId),
      ),
    );
    expect(events).toHaveLength(3);
    expect(events.find((event) => event.aggregateId === body.results[2]?.priceId)).toMatchObject({
      type: 'PriceUpdated',
      version: 1,
      aggregateType: 'price',
      data: {
        sku: medium,
        currency: 'EUR',
        amount: 3900,
        compareAtAmount: null,
        startsAt: '2026-11-26T23:00:00.000Z',
        endsAt: '2026-12-01T00:00:00.000Z',
        pimVersion: 1,
        change: 'created',
        source: 'pim',
      },
    });
  });

  it('updates a window with a newer version and reports older or equal ones as stale', async () => {
    const [small] = await pricedProduct();
    await postSigned(PRICES, { prices: [{ sku: small, currency: 'EUR', amount: 4900, version: 5 }] });

    const response = await postSigned(PRICES, {
      prices: [
        { sku: small, currency: 'EUR', amount: 100, version: 4 },
        { sku: small, currency: 'GBP', amount: 4200, version: 1 },
      ],
    });
    const newer = await postSigned(PRICES, {
      prices: [{ sku: small, currency: 'EUR', amount: 4500, compareAtAmount: 4900, version: 6 }],
    });

    const body = await response.json<PriceBatchResult>();
    expect(body.results.map((result) => [result.outcome, result.currentVersion])).toEqual([
      ['stale', 5],
      ['created', 1],
    ]);
    expect((await newer.json<PriceBatchResult>()).results[0]).toMatchObject({
      outcome: 'updated',
      currentVersion: 6,
    });
    expect(await withDatabase((db) => storedPrices(db, [small]))).toEqual([
      expect.objectContaining({ currency: 'EUR', amount: 4500, compareAtAmount: 4900, pimVersion: 6 }),
      expect.objectContaining({ currency: 'GBP', amount: 4200, pimVersion: 1 }),
    ]);
  });

  it('applies a redelivered message once', async () => {
    const [small] = await pricedProduct();
    const messageId = newMessageId();
    const batch = { prices: [{ sku: small, currency: 'EUR', amount: 4900, version: 1 }] };

    const first = await postSigned(PRICES, batch, { messageId });
    const again = await postSigned(PRICES, batch, { messageId });

    expect(again.headers.get('Idempotent-Replayed')).toBe('true');
    const body = await first.json<PriceBatchResult>();
    expect(await again.json<PriceBatchResult>()).toEqual(body);
    expect(await withDatabase((db) => eventsFor(db, [body.results[0]?.priceId ?? '']))).toHaveLength(1);
  });

  it('rejects negative, fractional and non-numeric amounts and unknown currencies with 400, changing nothing', async () => {
    const [small] = await pricedProduct();
    const response = await postWithKey(PRICES, {
      prices: [
        { sku: small, currency: 'EUR', amount: -1, version: 1 },
        { sku: small, currency: 'USD', amount: 19.99, version: 1 },
        { sku: small, currency: 'GBP', amount: '1999', version: 1 },
        { sku: small, currency: 'XXX', amount: 100, version: 1 },
        { sku: small, currency: 'eur', amount: 100, version: 1 },
        { sku: small, currency: 'CHF', amount: 100, compareAtAmount: 1e15, version: 0 },
        { sku: small, currency: 'SEK', amount: 100, startsAt: 'tomorrow', version: 1 },
      ],
    });

    const problem = await expectProblem(response, 400, 'validation_failed');
    expect(problem.errors?.map((error) => error.path)).toEqual([
      'prices[0].amount',
      'prices[1].amount',
      'prices[2].amount',
      'prices[3].currency',
      'prices[4].currency',
      'prices[5].compareAtAmount',
      'prices[5].version',
      'prices[6].startsAt',
    ]);
    expect(await withDatabase((db) => storedPrices(db, [small]))).toEqual([]);
  });

  it('rejects the whole batch with 422 for rule violations, listing every one', async () => {
    const [small, medium] = await pricedProduct();
    const response = await postSigned(PRICES, {
      prices: [
        { sku: small, currency: 'EUR', amount: 4900, version: 1 },
        { sku: small, currency: 'USD', amount: 4900, compareAtAmount: 4900, version: 1 },
        {
          sku: medium,
          currency: 'EUR',
          amount: 100,
          startsAt: '2026-12-01T00:00:00Z',
          endsAt: '2026-11-01T00:00:00Z',
          version: 1,
        },
        { sku: `NOPE-${uniqueSuffix()}`, currency: 'EUR', amount: 100, version: 1 },
        { sku: small, currency: 'EUR', amount: 5000, version: 2 },
      ],
    });

    const problem = await expectProblem(response, 422, 'batch_rejected');
    expect(problem.errors?.map((error) => error.path)).toEqual([
      'prices[1].compareAtAmount',
      'prices[2].endsAt',
      'prices[4]',
      'prices[3].sku',
    ]);
    expect(await withDatabase((db) => storedPrices(db, [small, medium]))).toEqual([]);
  });

  it('refuses more than 500 prices with 413', async () => {
    const prices = Array.from({ length: 501 }, (_, index) => ({
      sku: `S-${index}`,
      currency: 'EUR',
      amount: 1,
      version: 1,
    }));
    await expectProblem(await postSigned(PRICES, { prices }), 413, 'batch_too_large');
  });

  it('applies 500 prices in a constant number of statements', async () => {
    const products = productBatch(167, 1);
    expect((await postSigned(PRODUCTS, { products })).status).toBe(200);
    const skus = products.flatMap((product) => product.variants.map((variant) => variant.sku)).slice(0, 500);
    const prices = skus.map((sku) => ({ sku, currency: 'EUR', amount: 1000, version: 1 }));

    const created = await postSigned(PRICES, { prices });
    const stale = await postSigned(PRICES, { prices });

    expect((await created.json<PriceBatchResult>()).applied).toBe(500);
    expect((await stale.json<PriceBatchResult>()).stale).toBe(500);
    console.info(
      `pim prices, 500 items: applied in ${statementCount(created)} statements, all stale in ${statementCount(stale)}`,
    );
    // One more when windows are created: the check that no variant now holds too many; one binds
    // the delivery's signature to its message id (ADR 17); two after the commit: the cache
    // invalidations it recorded are read, and forgotten once published (ADR 18).
    expect(statementCount(created)).toBeLessThanOrEqual(12);
    expect(statementCount(stale)).toBeLessThanOrEqual(9);
  });
});
