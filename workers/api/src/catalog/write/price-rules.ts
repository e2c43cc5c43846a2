import type { RuleViolations } from './rule-violations';

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
