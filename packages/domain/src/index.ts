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
  CURRENCY_CODES,
  type CurrencyCode,
  isCurrencyCode,
  isValidAmount,
  MAX_AMOUNT,
  type Money,
  minorUnits,
  money,
} from './money';
