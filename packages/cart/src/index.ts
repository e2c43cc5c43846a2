export { type CartEvent, CartLedger, type NewCart } from './ledger';
export type * from './outcomes';
export type { CartCatalog, CartInventory, CartPorts, CartSettings, CatalogVariant } from './ports';
export { isLineQuantity, MAX_CART_LINES, MAX_LINE_QUANTITY } from './quantities';
export { isCartTokenShaped } from './token';
export type {
  CartLineView,
  CartPromotionView,
  CartShippingMethod,
  CartStatus,
  CartTotals,
  CartView,
  LineAvailability,
  LineFulfilment,
} from './view';
