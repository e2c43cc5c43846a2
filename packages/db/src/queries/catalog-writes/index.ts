export {
  CategoryHandleTakenError,
  type CategoryRow,
  type CategoryTreeMeasure,
  findCategory,
  insertCategory,
  lockCategoryTree,
  measureCategoryTree,
  updateCategory,
} from './admin-categories';
export { type AdminPrice, type ChangedPrice, upsertAdminPrices } from './admin-prices';
export {
  archiveProduct,
  insertAdminProduct,
  type LockedProduct,
  lockProduct,
  type ProductFields,
  type ProductPatch,
  type ProductSnapshot,
  productSnapshot,
  updateAdminProduct,
} from './admin-products';
export {
  type AdminVariantFields,
  insertAdminVariant,
  productOfVariant,
  SkuTakenError,
  updateAdminVariant,
} from './admin-variants';
export {
  type CategoryView,
  type PriceView,
  type ProductView,
  readCategoryView,
  readProductView,
  readVariantView,
  type VariantView,
} from './admin-views';
export { forgetCacheInvalidations, pendingCacheInvalidations } from './cache-invalidations';
export { type Executor, isoTimestamp, jsonParameter, type Transaction, textArray } from './executor';
export { flushListingRefreshes } from './listing-refresh';
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
export { variantsWithMorePriceWindows } from './price-window-count';
export {
  deleteExpiredProcessedMessages,
  type ProcessedMessageRetention,
} from './processed-message-retention';
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
export {
  bindSignedDeliveryToken,
  deleteExpiredSignedDeliveryTokens,
  type SignedDeliveryToken,
  type SignedDeliveryTokenPruning,
} from './signed-delivery-tokens';
export {
  readStockPolicies,
  type StockPolicy,
  type StockPolicyChange,
  type WrittenStockPolicy,
} from './stock-policy';
