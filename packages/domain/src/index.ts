export {
  CART_EVENT_VERSION,
  type CartAbandonedData,
  type CartEvents,
  type CartEventType,
} from './cart-events';
export {
  CATALOG_EVENT_VERSION,
  type CatalogChangeSource,
  type CatalogEvents,
  type CatalogEventType,
  type CategoryUpdatedData,
  type PriceUpdatedData,
  type ProductUpdatedData,
} from './catalog-events';
export { ID_PREFIXES, type IdKind, isId, newId } from './ids';
export {
  INVENTORY_EVENT_VERSION,
  type InventoryEvents,
  type InventoryEventType,
  type InventoryUpdatedData,
  type StockStatus,
} from './inventory-events';
export {
  CURRENCY_CODES,
  type CurrencyCode,
  isCurrencyCode,
  isValidAmount,
  MAX_AMOUNT,
  type Money,
  minorUnits,
  money,
} from './money';
