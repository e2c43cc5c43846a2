import type { catalogWrites, inventoryWrites } from '@edge-commerce/db';
import type { InventorySettings, StockRecord } from '@edge-commerce/inventory';
import type { InventoryObject } from './inventory-object';

/**
 * A variant's stock policy in the ledger's terms. Backorder and preorder are one rule there
 * (sell down to minus the limit); what sets them apart is what shoppers are told, not stock.
 */
export function inventorySettingsOf(policy: catalogWrites.StockPolicy): InventorySettings {
  return {
    backorder:
      policy.inventoryPolicy === 'deny'
        ? { policy: 'deny' }
        : { policy: 'allow', limit: policy.oversellLimit },
    lowStockThreshold: policy.lowStockThreshold,
  };
}

/** What Postgres records of a SKU, as the ledger restores it. */
export function stockRecordOf(recorded: inventoryWrites.RecordedStock): StockRecord {
  return {
    sku: recorded.sku,
    settings: recorded.policy ? inventorySettingsOf(recorded.policy) : null,
    levels: recorded.levels,
    commitments: recorded.commitments,
  };
}

/**
 * Sends stock policies Postgres committed to their SKUs' InventoryObjects, in parallel. Called
 * after the write's commit, and again on every replay of it (the policies as committed now), so
 * a Worker that died in between loses nothing; configuring is idempotent. An object refusing a
 * policy that passed validation is a bug: it throws, and the sender's retry sends it again.
 */
export async function configureInventoryObjects(
  inventory: DurableObjectNamespace<InventoryObject>,
  policies: readonly (catalogWrites.StockPolicy & { sku: string })[],
): Promise<void> {
  await Promise.all(
    policies.map(async (policy) => {
      const outcome = await inventory
        .getByName(policy.sku)
        .configure(policy.sku, inventorySettingsOf(policy));
      if (!outcome.ok) {
        throw new Error(`InventoryObject ${policy.sku} refused its stock policy: ${JSON.stringify(outcome)}`);
      }
    }),
  );
}
