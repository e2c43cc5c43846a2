import { env } from 'cloudflare:workers';
import { expect } from 'vitest';
import { adminRequest, postSigned, uniqueSuffix } from '../catalog/catalog-test-kit';
import { type ProductItem, productItem } from '../catalog/pim-fixtures';

export const PIM_PRODUCTS = '/v1/integrations/pim/products';

export interface StockPolicyFields {
  inventoryPolicy?: string;
  oversellLimit?: number;
  lowStockThreshold?: number;
}

/** A PIM product whose three variants (S, M, L) carry the given stock policies. */
export function productWithPolicies(
  version: number,
  policies: [StockPolicyFields, StockPolicyFields, StockPolicyFields],
  handle = `policy-${uniqueSuffix()}`,
): ProductItem & { variants: (ProductItem['variants'][number] & StockPolicyFields)[] } {
  const item = productItem(handle, version);
  return { ...item, variants: item.variants.map((variant, index) => ({ ...variant, ...policies[index] })) };
}

export function skusOf(item: ProductItem): string[] {
  return item.variants.map((variant) => variant.sku);
}

/**
 * Reserves one unit for each of `carts` new carts at the SKU's object, one after another, and
 * answers how many it granted before the first refusal (and that every later one was refused).
 */
export async function unitsGranted(sku: string, carts: number): Promise<number> {
  const inventory = env.INVENTORY.getByName(sku);
  const run = uniqueSuffix();
  let granted = 0;
  for (let index = 0; index < carts; index++) {
    const outcome = await inventory.reserve(`cart_${run}_${index}`, 1, 60_000);
    if (outcome.ok) granted++;
    else expect(outcome).toMatchObject({ reason: 'insufficient_stock' });
  }
  return granted;
}

/**
 * Calls each SKU's object once before any write names the SKU, so it has rebuilt itself from
 * Postgres already (finding nothing): from then on only what the writers send can reach it.
 */
export async function wakeObjects(skus: readonly string[]): Promise<void> {
  for (const sku of skus) expect(await env.INVENTORY.getByName(sku).snapshot()).toMatchObject({ onHand: 0 });
}

/** Posts a signed PIM product batch and expects it applied. */
export async function pimApplies(items: ProductItem[]): Promise<void> {
  const response = await postSigned(PIM_PRODUCTS, { products: items });
  expect(response.status, await response.clone().text()).toBe(200);
}

/** Creates an admin product with no variants and answers its id. */
export async function adminProduct(): Promise<string> {
  const handle = `admin-policy-${uniqueSuffix()}`;
  const response = await adminRequest('POST', '/v1/admin/products', {
    body: { handle, title: 'Cap', options: [{ name: 'size', values: ['S', 'M', 'L', 'XL'] }] },
  });
  expect(response.status, await response.clone().text()).toBe(201);
  return (await response.json<{ id: string }>()).id;
}
