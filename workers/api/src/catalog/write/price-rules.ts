import { catalogWrites } from '@edge-commerce/db';
import { RuleViolations } from './rule-violations';

/**
 * Price windows one variant may hold, all currencies together. Windows are keyed by start, so
 * a PIM that schedules a new one every day would grow a variant's price list without end; the
 * bound keeps the admin view, the listing refresh and the price lookups of a variant small.
 */
export const MAX_PRICE_WINDOWS_PER_VARIANT = 200;

export interface PriceWindowDraft {
  amount: number;
  compareAtAmount?: number | null | undefined;
  startsAt?: string | null | undefined;
  endsAt?: string | null | undefined;
}

/** A price window's own rules: a compare-at ("was") price above the price, an end after the start. */
export function checkPriceWindow(price: PriceWindowDraft, path: string, violations: RuleViolations): void {
  if (price.compareAtAmount != null && price.compareAtAmount <= price.amount) {
    violations.add(`${path}.compareAtAmount`, `must be above amount (${price.amount})`);
  }
  // Both are normalized ISO 8601 UTC strings, which order as text.
  if (price.startsAt != null && price.endsAt != null && price.startsAt >= price.endsAt) {
    violations.add(`${path}.endsAt`, 'must be after startsAt');
  }
}

/**
 * After a write's price windows are in (inside its transaction): refuses the write if a variant
 * now holds more than `MAX_PRICE_WINDOWS_PER_VARIANT`, naming the items that added to it.
 */
export async function assertPriceWindowLimit(
  tx: catalogWrites.Transaction,
  items: readonly { variantId: string; path: string }[],
  code: 'batch_rejected' | 'rule_violated',
  what: string,
): Promise<void> {
  const over = await catalogWrites.variantsWithMorePriceWindows(
    tx,
    items.map((item) => item.variantId),
    MAX_PRICE_WINDOWS_PER_VARIANT,
  );
  if (over.length === 0) return;
  const violations = new RuleViolations();
  for (const { variantId, windows } of over) {
    const first = items.find((item) => item.variantId === variantId);
    violations.add(
      first?.path ?? 'prices',
      `the variant would hold ${windows} price windows; at most ${MAX_PRICE_WINDOWS_PER_VARIANT} (end or remove old ones)`,
    );
  }
  violations.throwIfAny(code, what);
}
