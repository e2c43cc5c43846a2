import type { catalogWrites } from '@edge-commerce/db';
import type { CatalogChangeSource } from '@edge-commerce/domain';
import { catalogEvent } from '../write/events';

/** `ProductUpdated` for a product a PIM batch created or changed. */
export function productUpdatedByPim(
  applied: catalogWrites.AppliedProduct,
  occurredAt: Date,
  source: CatalogChangeSource = 'pim',
): catalogWrites.OutboxEvent {
  const { product } = applied;
  return catalogEvent(
    'ProductUpdated',
    applied.productId,
    {
      productId: applied.productId,
      handle: product.handle,
      title: product.title,
      status: product.status,
      pimVersion: product.version,
      change: applied.outcome,
      source,
      variants: applied.variants.map((variant) => ({ variantId: variant.id, sku: variant.sku })),
    },
    occurredAt,
  );
}
