import type { StockLevel } from '@edge-commerce/inventory';
import { log } from '../../log';
import type { InventoryObject } from '../inventory-object';

/** A level Postgres accepted, with its position in the batch. */
export interface AppliedLevel extends StockLevel {
  index: number;
}

/**
 * Sends levels Postgres committed to their SKUs' InventoryObjects, SKUs in parallel and each
 * SKU's levels in batch order (one object answers them one at a time anyway, and in order the
 * shortfalls it reports read like the batch). Safe to repeat: the object ignores a sequence it
 * has already seen, which is what lets a redelivery re-send everything after a Worker died
 * between the commit and this step. Answers each item's shortfall by batch index; a level below
 * committed stock is kept as reported and logged as a warning, never clamped.
 *
 * An object refusing a level that passed validation is a bug, not the sender's fault: it throws,
 * the request fails, and the sender's retry (a replay) sends the levels again.
 */
export async function recordLevelsInObjects(
  inventory: DurableObjectNamespace<InventoryObject>,
  levels: readonly AppliedLevel[],
  requestId: string,
): Promise<Map<number, number>> {
  const bySku = new Map<string, AppliedLevel[]>();
  for (const level of levels) bySku.set(level.sku, [...(bySku.get(level.sku) ?? []), level]);

  const shortfalls = new Map<number, number>();
  await Promise.all(
    [...bySku].map(async ([sku, skuLevels]) => {
      const object = inventory.getByName(sku);
      for (const { index, ...level } of skuLevels) {
        const outcome = await object.recordLevel(level);
        if (!outcome.ok) {
          throw new Error(`InventoryObject ${sku} refused a level: ${JSON.stringify(outcome)}`);
        }
        shortfalls.set(index, outcome.shortfall);
        if (outcome.shortfall > 0) {
          const committed = (await object.snapshot()).committed;
          log('warn', 'WMS level below committed stock: recorded as reported, not clamped', {
            requestId,
            sku,
            location: level.location,
            onHand: level.onHand,
            committed,
            shortfall: outcome.shortfall,
          });
        }
      }
    }),
  );
  return shortfalls;
}
