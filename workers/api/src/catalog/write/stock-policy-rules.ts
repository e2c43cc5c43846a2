import type { catalogWrites } from '@edge-commerce/db';
import type { RuleViolations } from './rule-violations';

/** The stock policy fields of a variant, as a write sends them (each may be absent). */
export interface StockPolicyInput {
  inventoryPolicy?: catalogWrites.StockPolicy['inventoryPolicy'] | undefined;
  oversellLimit?: number | undefined;
  lowStockThreshold?: number | undefined;
}

/**
 * The policy and its limit are one setting: a limit alone would be read against whatever policy
 * happens to be stored, so it must come with its policy; `backorder` and `preorder` name their
 * limit (there is no sensible default for selling what is not there); `deny` has none.
 * `path` ends with a dot or is empty: `products[0].variants[1].`.
 */
export function checkStockPolicy(input: StockPolicyInput, path: string, violations: RuleViolations): void {
  const { inventoryPolicy, oversellLimit } = input;
  if (inventoryPolicy === undefined) {
    if (oversellLimit !== undefined)
      violations.add(`${path}oversellLimit`, 'must come with inventoryPolicy, the policy it limits');
  } else if (inventoryPolicy === 'deny') {
    if (oversellLimit !== undefined && oversellLimit !== 0)
      violations.add(`${path}oversellLimit`, 'must be 0 or absent when inventoryPolicy is deny');
  } else if (oversellLimit === undefined) {
    violations.add(`${path}oversellLimit`, `is required when inventoryPolicy is ${inventoryPolicy}`);
  }
}

/** What the write changes of the stored policy, once `checkStockPolicy` passed. */
export function stockPolicyChange(input: StockPolicyInput): catalogWrites.StockPolicyChange {
  return {
    ...(input.inventoryPolicy === undefined
      ? {}
      : { inventoryPolicy: input.inventoryPolicy, oversellLimit: input.oversellLimit ?? 0 }),
    ...(input.lowStockThreshold === undefined ? {} : { lowStockThreshold: input.lowStockThreshold }),
  };
}

/** The stored policy with the write's change applied: what an admin write stores whole. */
export function withStockPolicyChange(
  current: catalogWrites.StockPolicy,
  input: StockPolicyInput,
): catalogWrites.StockPolicy {
  const { inventoryPolicy, oversellLimit, lowStockThreshold } = current;
  return { inventoryPolicy, oversellLimit, lowStockThreshold, ...stockPolicyChange(input) };
}

export const DEFAULT_STOCK_POLICY: catalogWrites.StockPolicy = {
  inventoryPolicy: 'deny',
  oversellLimit: 0,
  lowStockThreshold: 0,
};

/** Whether a policy is what a new SKU's inventory object holds already, so need not be sent. */
export function isDefaultStockPolicy(policy: catalogWrites.StockPolicy): boolean {
  return (
    policy.inventoryPolicy === DEFAULT_STOCK_POLICY.inventoryPolicy &&
    policy.oversellLimit === DEFAULT_STOCK_POLICY.oversellLimit &&
    policy.lowStockThreshold === DEFAULT_STOCK_POLICY.lowStockThreshold
  );
}
