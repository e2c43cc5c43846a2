import type { orders } from '@edge-commerce/db';
import { ApiError } from '../../errors/problem';
import type { InventoryObject } from '../../inventory/inventory-object';
import { log } from '../../log';

/**
 * Takes a recorded parcel out of its SKUs' InventoryObjects: less committed, less on hand at the
 * location it left from. Runs after the commit, on the first delivery and every replay alike;
 * the object ships each parcel once (by its id), so re-sending after a Worker died between the
 * two stores changes nothing twice. Answers the SKUs whose location was short of the parcel.
 *
 * An object that has no commitment for the order yet (its completion has not reached the SKU)
 * is logged and left: the parcel is in Postgres, which the object is rebuilt from. An object
 * that cannot be reached fails the request with 503, and the WMS's retry sends the parcel again.
 */
export async function shipFromStock(
  inventory: DurableObjectNamespace<InventoryObject>,
  shipment: Pick<orders.ShipmentRecord, 'id' | 'orderId' | 'location' | 'lines'>,
  requestId: string,
): Promise<{ sku: string; shortfall: number }[]> {
  const outcomes = await Promise.all(
    shipment.lines.map(async (line) => {
      try {
        const object = inventory.getByName(line.sku);
        return {
          line,
          outcome: await object.ship(shipment.orderId, shipment.id, line.quantity, shipment.location),
        };
      } catch {
        throw new ApiError(
          'inventory_unavailable',
          `The shipment is recorded; the stock of ${line.sku} is taken when this is retried.`,
          { headers: { 'Retry-After': '1' } },
        );
      }
    }),
  );
  const shortfalls: { sku: string; shortfall: number }[] = [];
  for (const { line, outcome } of outcomes) {
    if (outcome.ok) {
      if (outcome.shortfall > 0) {
        shortfalls.push({ sku: line.sku, shortfall: outcome.shortfall });
        if (!outcome.repeated) {
          log('warn', 'A parcel left a location short of it by our count: its on hand stops at 0', {
            requestId,
            sku: line.sku,
            location: shipment.location,
            shipmentId: shipment.id,
            shortfall: outcome.shortfall,
          });
        }
      }
      continue;
    }
    log(
      outcome.reason === 'unknown_order' ? 'warn' : 'error',
      'An InventoryObject did not take a recorded parcel',
      {
        requestId,
        sku: line.sku,
        orderId: shipment.orderId,
        shipmentId: shipment.id,
        outcome,
      },
    );
  }
  return shortfalls;
}
