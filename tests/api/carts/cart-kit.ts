import { exports } from 'cloudflare:workers';
import { schema } from '@edge-commerce/db';
import { sql } from 'drizzle-orm';
import { expect } from 'vitest';
import { DEMO_MARKETS } from '../../../packages/devstack/src/seed/markets';
import { testCredentials } from '../../setup/integration-credentials';
import { buffered } from '../buffered-response';
import { API_ORIGIN, postSigned, postWithKey, uniqueSuffix, withDatabase } from '../catalog/catalog-test-kit';
import { productItem } from '../catalog/pim-fixtures';

// Shared by the cart suites: real products through the PIM, real prices, real stock through the
// WMS endpoint, and carts through the HTTP API, so every cart call runs the production path
// (Worker → CartObject → catalog cache/Postgres and InventoryObjects).

export interface CartLine {
  id: string;
  variantId: string;
  sku: string;
  quantity: number;
  unitPrice: { amount: number; currency: string };
  previousUnitPrice: { amount: number; currency: string } | null;
  subtotal: { amount: number; currency: string };
  availability: { status: string; reservedUntil: string | null; fulfilment: string };
}

export interface Cart {
  id: string;
  status: string;
  currency: string;
  market: string;
  pricesIncludeTax: boolean;
  lines: CartLine[];
  itemCount: number;
  totals: Record<
    'subtotal' | 'discounts' | 'shipping' | 'tax' | 'grandTotal',
    { amount: number; currency: string }
  >;
}

export interface OpenCart {
  id: string;
  token: string;
  etag: string;
}

export interface SellableVariant {
  id: string;
  sku: string;
  handle: string;
}

export async function ensureMarkets(): Promise<void> {
  await withDatabase((db) => db.insert(schema.markets).values(DEMO_MARKETS).onConflictDoNothing());
}

/**
 * A new active product with three variants, each priced `price` in USD (and EUR, +10%), with
 * `onHand` of each in stock at one location, as the WMS reports it.
 */
export async function sellableVariants(
  onHand: number,
  price = 2_500,
  overrides: Parameters<typeof productItem>[2] = {},
  handle = `cart-${uniqueSuffix()}`,
): Promise<SellableVariant[]> {
  const item = productItem(handle, 1, overrides);
  expect((await postSigned('/v1/integrations/pim/products', { products: [item] })).status).toBe(200);
  const skus = item.variants.map((variant) => variant.sku);
  const prices = skus.flatMap((sku) => [
    { sku, currency: 'USD', amount: price, version: 1 },
    { sku, currency: 'EUR', amount: Math.round(price * 1.1), version: 1 },
  ]);
  expect((await postSigned('/v1/integrations/pim/prices', { prices })).status).toBe(200);
  if (onHand > 0) await stockLevels(skus.map((sku) => ({ sku, onHand })));
  const { rows } = await withDatabase((db) =>
    db.execute<{ id: string; sku: string }>(sql`
      select id, sku from variants where sku in (select jsonb_array_elements_text(${JSON.stringify(skus)}::jsonb))
      order by sku`),
  );
  return rows.map((row) => ({ id: row.id, sku: row.sku, handle }));
}

let sequence = Date.now();

/** Reports on hand per SKU through the WMS endpoint, each with a sequence above any before. */
export async function stockLevels(levels: { sku: string; onHand: number }[]): Promise<void> {
  const response = await postWithKey(
    '/v1/integrations/wms/inventory-levels',
    { levels: levels.map((level) => ({ ...level, location: 'berlin-1', sequence: ++sequence })) },
    { key: testCredentials.wmsPartnerKey },
  );
  expect(response.status, await response.clone().text()).toBe(200);
}

export interface CartCallOptions {
  token?: string | null;
  body?: unknown;
  ifMatch?: string;
  headers?: Record<string, string>;
}

/** Calls the cart API as a shopper's browser would. */
export async function cartCall(
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  path: string,
  { token, body, ifMatch, headers = {} }: CartCallOptions = {},
): Promise<Response> {
  const sent: Record<string, string> = { ...headers };
  if (token) sent['X-Cart-Token'] = token;
  if (ifMatch !== undefined) sent['If-Match'] = ifMatch;
  if (body !== undefined) sent['Content-Type'] = 'application/json';
  return buffered(
    await exports.default.fetch(`${API_ORIGIN}${path}`, {
      method,
      headers: sent,
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    }),
  );
}

export async function createCart(body: unknown = { currency: 'USD' }): Promise<OpenCart & { cart: Cart }> {
  const response = await cartCall('POST', '/v1/carts', { body });
  expect(response.status, await response.clone().text()).toBe(201);
  const created = await response.json<Cart & { token: string }>();
  return { id: created.id, token: created.token, etag: response.headers.get('ETag') ?? '', cart: created };
}

/** Adds a line and expects it to succeed; returns the cart and its new ETag. */
export async function addLine(
  cart: OpenCart,
  variantId: string,
  quantity: number,
): Promise<{ cart: Cart; etag: string }> {
  const response = await cartCall('POST', `/v1/carts/${cart.id}/lines`, {
    token: cart.token,
    body: { variantId, quantity },
  });
  expect(response.status, await response.clone().text()).toBe(200);
  return { cart: await response.json<Cart>(), etag: response.headers.get('ETag') ?? '' };
}

/** `count` carts, opened 25 at a time: opening them is the set-up, not the race. */
export async function openCarts(count: number): Promise<OpenCart[]> {
  const carts: OpenCart[] = [];
  while (carts.length < count) {
    const wave = Math.min(25, count - carts.length);
    carts.push(...(await Promise.all(Array.from({ length: wave }, () => createCart()))));
  }
  return carts;
}

/** The cart as its shopper reads it; expects it to be there. */
export async function readCart(cart: OpenCart): Promise<Cart> {
  const response = await cartCall('GET', `/v1/carts/${cart.id}`, { token: cart.token });
  expect(response.status).toBe(200);
  return response.json<Cart>();
}
