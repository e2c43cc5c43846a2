import { catalogWrites, type Database } from '@edge-commerce/db';
import { newId } from '@edge-commerce/domain';
import { checkPriceWindow } from '../write/price-rules';
import { RuleViolations } from '../write/rule-violations';
import type { PimPrice } from './price-batch-schema';

/**
 * Checks every rule of a price batch that relates fields, items or stored rows, and resolves SKUs
 * to variants. Every violation is collected before one 422 `batch_rejected`. One statement.
 */
export async function planPriceBatch(
  db: Database,
  prices: readonly PimPrice[],
): Promise<catalogWrites.PimPrice[]> {
  const violations = new RuleViolations();
  const windows = new Map<string, number>();
  prices.forEach((price, index) => {
    const path = `prices[${index}]`;
    checkPriceWindow(price, path, violations);
    const window = JSON.stringify([price.sku, price.currency, price.startsAt ?? null]);
    const first = windows.get(window);
    if (first === undefined) windows.set(window, index);
    else violations.add(path, `repeats the window of prices[${first}] (same sku, currency and startsAt)`);
  });

  const variants = await catalogWrites.findVariantOwners(db, [...new Set(prices.map((price) => price.sku))]);
  prices.forEach((price, index) => {
    if (!variants.has(price.sku))
      violations.add(`prices[${index}].sku`, `no variant has the SKU ${price.sku}`);
  });

  violations.throwIfAny('batch_rejected', 'price batch');

  return prices.map((price) => ({
    id: newId('price'),
    // Present: every SKU was checked above.
    variantId: variants.get(price.sku)?.variantId ?? '',
    currency: price.currency,
    amount: price.amount,
    compareAtAmount: price.compareAtAmount ?? null,
    startsAt: price.startsAt ?? null,
    endsAt: price.endsAt ?? null,
    version: price.version,
  }));
}
