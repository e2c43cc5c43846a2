import type { StockStatus } from '@edge-commerce/domain';

/** The band available-to-sell is in; crossing from one band to another is what gets announced. */
export function stockStatus(availableToSell: number, lowStockThreshold: number): StockStatus {
  if (availableToSell <= 0) return 'out_of_stock';
  if (availableToSell <= lowStockThreshold) return 'low_stock';
  return 'in_stock';
}

export function isStockStatus(value: unknown): value is StockStatus {
  return value === 'in_stock' || value === 'low_stock' || value === 'out_of_stock';
}
