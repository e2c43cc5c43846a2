import { exports } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { testCredentials } from '../../setup/integration-credentials';
import { ensureMarkets } from '../carts/cart-kit';
import { API_ORIGIN, uniqueSuffix } from '../catalog/catalog-test-kit';
import type { PlacedOrder } from '../checkout/checkout-kit';
import { call, PASSWORD, register, type Session } from '../identity/customer-kit';
import { expectProblem } from '../problem-assertions';
import { getWithKey, ok, orderOf, ordersOf } from './crm-kit';

// GET /v1/integrations/crm/customers/{customerId}/orders: the CRM reads a customer's order
// history with a crm:read key, newest first, a cursor page at a time.

interface OrderPage {
  data: { id: string; number: string; status: string; totals: unknown }[];
  nextCursor: string | null;
}

beforeAll(ensureMarkets);

let ada: Session;
let grace: Session;
let adasOrders: PlacedOrder[];

beforeAll(async () => {
  [ada, grace] = [await register(), await register()];
  adasOrders = [await orderOf(ada), await orderOf(ada), await orderOf(ada)];
  await orderOf(grace);
}, 90_000);

describe('GET /v1/integrations/crm/customers/{customerId}/orders', { timeout: 60_000 }, () => {
  it('pages through the customer’s orders newest first, and only theirs', async () => {
    const seen: string[] = [];
    let path = `${ordersOf(ada.customer.id)}?limit=2`;
    const pages: OrderPage[] = [];
    for (;;) {
      const response = await getWithKey(path);
      expect(response.headers.get('Cache-Control')).toBe('private, no-store');
      const page = await ok<OrderPage>(response);
      pages.push(page);
      seen.push(...page.data.map((order) => order.id));
      if (page.nextCursor === null) break;
      path = `${ordersOf(ada.customer.id)}?limit=2&cursor=${encodeURIComponent(page.nextCursor)}`;
    }
    expect(pages.map((page) => page.data.length)).toEqual([2, 1]);
    expect(seen).toEqual(adasOrders.map((order) => order.id).reverse());
    expect(pages[0]?.data[0]).toMatchObject({ number: adasOrders[2]?.number, status: 'paid' });
    // The customer's view: no risk score, no cart, no token.
    expect(pages[0]?.data[0]).not.toHaveProperty('riskLevel');
    expect(pages[0]?.data[0]).not.toHaveProperty('cartId');
  });

  it('is open to an admin key, and to no other scope', async () => {
    await ok(await getWithKey(ordersOf(ada.customer.id), testCredentials.adminApiKey));
    for (const key of [testCredentials.crmPartnerKey, testCredentials.wmsPartnerKey]) {
      const problem = await expectProblem(await getWithKey(ordersOf(ada.customer.id), key), 403, 'forbidden');
      expect(problem.requiredScope).toBe('crm:read');
    }
    const anonymous = await exports.default.fetch(`${API_ORIGIN}${ordersOf(ada.customer.id)}`);
    await expectProblem(anonymous, 401, 'unauthorized');
    expect(anonymous.headers.get('Cache-Control')).toBe('private, no-store');
  });

  it('answers 404 for an id no account has, a malformed one, and an erased customer', async () => {
    await expectProblem(await getWithKey(ordersOf(`cus_${uniqueSuffix()}`)), 404, 'not_found');
    await expectProblem(await getWithKey(ordersOf('not-a-customer')), 404, 'not_found');
    const leaving = await register();
    const erased = await call('DELETE', '/v1/customers/me', {
      token: leaving.accessToken,
      body: { password: PASSWORD },
    });
    expect(erased.status).toBe(204);
    await expectProblem(await getWithKey(ordersOf(leaving.customer.id)), 404, 'not_found');
  });

  it('answers an empty page for a customer with no orders', async () => {
    const newcomer = await register();
    expect(await ok<OrderPage>(await getWithKey(ordersOf(newcomer.customer.id)))).toEqual({
      data: [],
      nextCursor: null,
    });
  });

  it('refuses bad paging with 400: a bad limit, an unknown parameter, a forged cursor, another customer’s cursor', async () => {
    const base = ordersOf(ada.customer.id);
    for (const query of ['limit=0', 'limit=101', 'limit=two', 'status=paid']) {
      await expectProblem(await getWithKey(`${base}?${query}`), 400, 'validation_failed');
    }
    await expectProblem(await getWithKey(`${base}?cursor=not-a-cursor`), 400, 'invalid_cursor');
    const first = await ok<OrderPage>(await getWithKey(`${base}?limit=1`));
    if (!first.nextCursor) throw new Error('expected a next page');
    const foreign = await getWithKey(
      `${ordersOf(grace.customer.id)}?cursor=${encodeURIComponent(first.nextCursor)}`,
    );
    await expectProblem(foreign, 400, 'cursor_mismatch');
  });
});
