export { type Executor, isoTimestamp, jsonParameter, type Transaction, textArray } from './executor';
export { type CategoryRef, findCategoriesByHandle, findVariantOwners, type VariantOwner } from './lookups';
export { appendOutboxEvents, type OutboxEvent } from './outbox';
export { type PimPrice, type PriceOutcome, upsertPimPrices } from './pim-prices';
export {
  type AppliedProduct,
  type PimProduct,
  type ProductOutcome,
  type ProductStatus,
  upsertPimProducts,
} from './pim-products';
export {
  claimMessage,
  findProcessedMessage,
  type MessageKey,
  type ProcessedMessage,
  type RecordedResponse,
  recordResponse,
} from './processed-messages';
export {
  type MediaRow,
  type OptionRow,
  type ProductCategoryRow,
  replaceProductCategories,
  replaceProductMedia,
  replaceProductOptions,
  replaceProductVariants,
  SkuOwnedElsewhereError,
  type VariantRow,
  type WrittenVariant,
} from './product-children';
export { sqlState, transactionWithRetry } from './retry';
export { type SearchDocumentSources, searchDocumentOf } from './search-document';
