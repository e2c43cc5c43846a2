export { type CartVariant, loadCartVariant } from './cart-variant';
export { type CategoryRow, loadCategories } from './category-tree';
export { loadStorefrontMarkets, type StorefrontMarket } from './markets';
export { loadProductDetail, type ProductDetail, type ProductDetailVariant } from './product-detail';
export {
  type CategoryCount,
  type CollectionHeader,
  type ListedProduct,
  loadProductListPage,
  type OptionFilter,
  type PagePosition,
  type ProductListOrder,
  type ProductListPage,
  type ProductListRequest,
  type ProductListSqlOptions,
  type ProductListSummary,
  productListSql,
} from './product-list';
export { refreshStaleListingBatch } from './refresh-stale-listings';
