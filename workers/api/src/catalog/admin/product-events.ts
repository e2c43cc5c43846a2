import { catalogWrites } from '@edge-commerce/db';
import { catalogEvent } from '../write/events';

/** `ProductUpdated` for an admin change, from the product as the transaction leaves it. */
export async function productUpdatedByAdmin(
  tx: catalogWrites.Transaction,
  productId: string,
  change: 'created' | 'updated' | 'archived',
): Promise<catalogWrites.OutboxEvent> {
  const snapshot = await catalogWrites.productSnapshot(tx, productId);
  if (!snapshot) throw new Error(`product ${productId} vanished inside its own transaction`);
  return catalogEvent('ProductUpdated', productId, { ...snapshot, change, source: 'admin' }, new Date());
}
