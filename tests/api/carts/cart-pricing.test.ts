import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { withDatabase } from '../catalog/catalog-test-kit';
import { expectProblem } from '../problem-assertions';
import { createPromotion } from '../promotions/promotion-kit';
import {
  addLine,
  type Cart,
  cartCall,
  createCart,
  ensureMarkets,
  type OpenCart,
  sellableVariants,
} from './cart-kit';

// Promotions, addresses, shipping and tax on real carts: promotions created through the admin
// API, prices from the catalog, the built-in tax table and table-rate shipping.

beforeAll(ensureMarkets);

const CALIFORNIA = {
  firstName: 'Ada',
  lastName: 'Lovelace',
  line1: '500 Market Street',
  city: 'San Francisco',
  region: 'CA',
  postalCode: '94105',
  country: 'US',
};

const BERLIN = {
  firstName: 'Grace',
  lastName: 'Hopper',
  line1: 'Unter den Linden 1',
  city: 'Berlin',
  postalCode: '10117',
  country: 'DE',
};

interface PricedCart extends Cart {
  promotions: {
    code: string;
    kind: string;
    applies: boolean;
    reason: string | null;
    discount: { amount: number };
  }[];
  shippingAddress: Record<string, string> | null;
  shippingMethod: { id: string; amount: { amount: number; currency: string } } | null;
  lines: (Cart['lines'][number] & {
    discount: { amount: number };
    discounts: { code: string; amount: { amount: number } }[];
    tax: { amount: number };
  })[];
}

async function send(
  cart: OpenCart,
  method: 'POST' | 'PUT' | 'DELETE' | 'GET',
  path: string,
  body?: unknown,
): Promise<Response> {
  return cartCall(method as 'POST', `/v1/carts/${cart.id}${path}`, { token: cart.token, body });
}

async function expectCart(response: Response): Promise<PricedCart> {
  expect(response.status, await response.clone().text()).toBe(200);
  return response.json<PricedCart>();
}

/** A cart with two units at 25.00 in its currency (27.50 in EUR). */
async function cartWithGoods(body: unknown = { currency: 'USD' }): Promise<OpenCart> {
  const [variant] = await sellableVariants(20, 2_500);
  const cart = await createCart(body);
  await addLine(cart, variant?.id ?? '', 2);
  return cart;
}

/** The receipt must add up: what every total says, from the parts. */
function expectConsistentTotals(cart: PricedCart): void {
  const { subtotal, discounts, shipping, tax, grandTotal } = cart.totals;
  const taxOnTop = cart.pricesIncludeTax ? 0 : tax.amount;
  expect(grandTotal.amount).toBe(subtotal.amount + shipping.amount - discounts.amount + taxOnTop);
  expect(cart.lines.reduce((sum, line) => sum + line.subtotal.amount, 0)).toBe(subtotal.amount);
}

describe('promotion codes on a cart', () => {
  it('takes a percentage off each line, explained per line, and the receipt adds up', async () => {
    const cart = await cartWithGoods();
    const promotion = await createPromotion({ percentOff: 1_000 });
    const priced = await expectCart(
      await send(cart, 'POST', '/promotions', { code: promotion.code.toLowerCase() }),
    );
    expect(priced.promotions).toEqual([
      expect.objectContaining({
        code: promotion.code,
        kind: 'percentage',
        applies: true,
        discount: { amount: 500, currency: 'USD' },
      }),
    ]);
    expect(priced.lines[0]).toMatchObject({
      discount: { amount: 500 },
      discounts: [{ code: promotion.code, amount: { amount: 500, currency: 'USD' } }],
      total: { amount: 4_500 },
    });
    expect(priced.totals).toMatchObject({
      subtotal: { amount: 5_000 },
      discounts: { amount: 500 },
      grandTotal: { amount: 4_500 },
    });
    expectConsistentTotals(priced);
    // Applying it again changes nothing; removing it gives the full price back.
    const again = await send(cart, 'POST', '/promotions', { code: promotion.code });
    expect((await expectCart(again)).promotions).toHaveLength(1);
    const removed = await expectCart(
      await send(cart, 'DELETE', `/promotions/${promotion.code.toLowerCase()}`),
    );
    expect(removed).toMatchObject({ promotions: [], totals: { grandTotal: { amount: 5_000 } } });
    await expectProblem(await send(cart, 'DELETE', `/promotions/${promotion.code}`), 404, 'not_found');
  });

  it('refuses unknown, switched-off, unstarted, ended, used-up, foreign-currency and below-minimum codes', async () => {
    const cart = await cartWithGoods();
    const now = Date.now();
    await expectProblem(
      await send(cart, 'POST', '/promotions', { code: 'NO-SUCH-CODE' }),
      422,
      'unknown_promotion',
    );
    const cases: [Record<string, unknown>, string][] = [
      [{ active: false }, 'promotion_inactive'],
      [{ startsAt: new Date(now + 86_400_000).toISOString() }, 'promotion_not_started'],
      [
        {
          startsAt: new Date(now - 172_800_000).toISOString(),
          endsAt: new Date(now - 86_400_000).toISOString(),
        },
        'promotion_expired',
      ],
      [
        { kind: 'fixed_amount', percentOff: undefined, amountOff: { amount: 500, currency: 'EUR' } },
        'promotion_currency_mismatch',
      ],
      [{ minimumSubtotal: { amount: 100_000, currency: 'USD' } }, 'promotion_minimum_not_met'],
    ];
    for (const [body, code] of cases) {
      const promotion = await createPromotion(body);
      const problem = await expectProblem(
        await send(cart, 'POST', '/promotions', { code: promotion.code }),
        422,
        code,
      );
      expect(problem.errors).toEqual([{ path: 'code', message: expect.any(String) }]);
    }
    const exhausted = await createPromotion({ usageLimit: 1 });
    await withDatabase((db) =>
      db.execute(sql`update promotions set usage_count = 1 where id = ${exhausted.id}`),
    );
    await expectProblem(
      await send(cart, 'POST', '/promotions', { code: exhausted.code }),
      422,
      'promotion_exhausted',
    );
    for (const body of [{}, { code: '' }, { code: 'X', extra: 1 }, { code: 42 }]) {
      await expectProblem(await send(cart, 'POST', '/promotions', body), 400, 'validation_failed');
    }
    // None of it touched the cart.
    expect((await expectCart(await send(cart, 'GET', ''))).promotions).toEqual([]);
  });

  it('holds one code of each kind, and a code that stops holding stays on the cart without taking anything', async () => {
    const [variant] = await sellableVariants(20, 2_500);
    const cart = await createCart();
    const { cart: withLine } = await addLine(cart, variant?.id ?? '', 4);
    const lineId = withLine.lines[0]?.id;
    const tenOff = await createPromotion({
      percentOff: 1_000,
      minimumSubtotal: { amount: 8_000, currency: 'USD' },
    });
    const twentyOff = await createPromotion({ percentOff: 2_000 });
    await expectCart(await send(cart, 'POST', '/promotions', { code: tenOff.code }));
    const conflict = await expectProblem(
      await send(cart, 'POST', '/promotions', { code: twentyOff.code }),
      422,
      'promotion_conflict',
    );
    expect(conflict).toMatchObject({ held: tenOff.code });
    // Down to 2 units (5,000): below the code's minimum of 8,000.
    const lowered = await expectCart(
      await cartCall('PATCH', `/v1/carts/${cart.id}/lines/${lineId}`, {
        token: cart.token,
        body: { quantity: 2 },
      }),
    );
    expect(lowered.promotions[0]).toMatchObject({
      applies: false,
      reason: 'promotion_minimum_not_met',
      discount: { amount: 0 },
    });
    expect(lowered.totals.discounts.amount).toBe(0);
  });
});

describe('shipping address, rates and tax', () => {
  it('checks an address for its country and the cart’s market', async () => {
    const cart = await cartWithGoods();
    const cases: [Record<string, unknown>, number, string, string | undefined][] = [
      [{ ...CALIFORNIA, region: undefined }, 422, 'invalid_address', 'region'],
      [{ ...CALIFORNIA, region: 'XX' }, 422, 'invalid_address', 'region'],
      [{ ...CALIFORNIA, postalCode: '9410' }, 422, 'invalid_address', 'postalCode'],
      [{ ...CALIFORNIA, postalCode: 'ABCDE' }, 422, 'invalid_address', 'postalCode'],
      [{ ...CALIFORNIA, country: 'ZZ' }, 422, 'invalid_address', 'country'],
      [{ ...BERLIN }, 422, 'country_not_served', 'country'],
      [{ ...CALIFORNIA, zip: '94105' }, 400, 'validation_failed', undefined],
      [{ ...CALIFORNIA, city: 'San\u0000Francisco' }, 400, 'validation_failed', 'city'],
      [{ ...CALIFORNIA, line1: 'x'.repeat(201) }, 400, 'validation_failed', 'line1'],
      [{ ...CALIFORNIA, country: 'USA' }, 400, 'validation_failed', 'country'],
    ];
    for (const [address, status, code, path] of cases) {
      const problem = await expectProblem(
        await send(cart, 'PUT', '/shipping-address', address),
        status,
        code,
      );
      if (path) expect(problem.errors?.map((error) => error.path)).toContain(path);
    }
    const priced = await expectCart(
      await send(cart, 'PUT', '/shipping-address', { ...CALIFORNIA, postalCode: '94105-1234' }),
    );
    expect(priced.shippingAddress).toMatchObject({ country: 'US', region: 'CA', postalCode: '94105-1234' });
  });

  it('quotes rates for the address, prices the chosen one, and adds US sales tax on top', async () => {
    const cart = await cartWithGoods();
    await expectProblem(await send(cart, 'GET', '/shipping-rates'), 409, 'shipping_address_required');
    await expectProblem(
      await send(cart, 'PUT', '/shipping-method', { rateId: 'standard' }),
      409,
      'shipping_address_required',
    );
    const addressed = await expectCart(await send(cart, 'PUT', '/shipping-address', CALIFORNIA));
    // California's 7.25% on the goods: 5,000 → 362.5, rounded half up.
    expect(addressed.lines[0]?.tax).toEqual({ amount: 363, currency: 'USD' });
    expect(addressed.shippingMethod).toBeNull();
    const rates = await send(cart, 'GET', '/shipping-rates');
    expect(rates.status).toBe(200);
    const { data } = await rates.json<{
      data: { id: string; amount: { amount: number; currency: string } }[];
    }>();
    expect(data.map((rate) => rate.id)).toEqual(['standard', 'express']);
    expect(data[0]?.amount.currency).toBe('USD');
    const unavailable = await expectProblem(
      await send(cart, 'PUT', '/shipping-method', { rateId: 'teleport' }),
      422,
      'shipping_method_unavailable',
    );
    expect(unavailable).toMatchObject({ offered: ['standard', 'express'] });
    const shipped = await expectCart(await send(cart, 'PUT', '/shipping-method', { rateId: 'express' }));
    expect(shipped.shippingMethod).toMatchObject({ id: 'express', amount: data[1]?.amount });
    expect(shipped.totals.shipping).toEqual(data[1]?.amount);
    expect(shipped.totals.tax.amount).toBeGreaterThanOrEqual(363);
    expectConsistentTotals(shipped);
    // Free shipping shows as a discount of the whole shipping amount.
    const free = await createPromotion({ kind: 'free_shipping', percentOff: undefined });
    const discounted = await expectCart(await send(cart, 'POST', '/promotions', { code: free.code }));
    expect(discounted.totals.discounts).toEqual(data[1]?.amount);
    expect(discounted.promotions[0]).toMatchObject({ applies: true, discount: data[1]?.amount });
    expectConsistentTotals(discounted);
  });

  it('shows the tax contained in prices where the market includes it, without adding it', async () => {
    const cart = await cartWithGoods({ market: 'eu' });
    const priced = await expectCart(await send(cart, 'PUT', '/shipping-address', BERLIN));
    // 2 × 27.50 EUR with Germany's 19% inside: 5,500 − round(5,500 / 1.19) = 878.
    expect(priced.totals).toMatchObject({
      subtotal: { amount: 5_500, currency: 'EUR' },
      tax: { amount: 878, currency: 'EUR' },
      grandTotal: { amount: 5_500, currency: 'EUR' },
    });
    expectConsistentTotals(priced);
  });
});
