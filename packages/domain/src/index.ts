export {
  type Address,
  type AddressError,
  type AddressValidation,
  validateAddress,
} from './cart/address';
export { allocateByLargestRemainder } from './cart/allocation';
export {
  AU_STATES,
  CA_PROVINCES,
  isSupportedCountry,
  SUPPORTED_COUNTRIES,
  type SupportedCountry,
  US_STATES,
} from './cart/countries';
export {
  type AppliedPromotions,
  applyPromotions,
  type DiscountAllocation,
  type DiscountableLine,
  type LineDiscount,
} from './cart/promotion-discounts';
export {
  checkPromotion,
  type Promotion,
  type PromotionCheck,
  type PromotionContext,
  type PromotionKind,
  type PromotionRefusal,
} from './cart/promotions';
export { basisPointsOf } from './cart/rounding';
export {
  createTableRateProvider,
  type ShippingRate,
  type ShippingRateProvider,
  type ShippingRequest,
} from './cart/shipping';
export {
  DEFAULT_SHIPPING_RATES,
  type ShippingMethod,
  type ShippingRateTable,
  type ShippingZone,
  type WeightBand,
} from './cart/shipping-rates';
export {
  createRateTableTaxCalculator,
  EXEMPT_TAX_CODE,
  type TaxCalculator,
  type TaxQuote,
  type TaxRequest,
  type TaxRequestLine,
  taxContainedIn,
} from './cart/tax';
export { type CountryTaxRates, DEFAULT_TAX_RATES, type TaxRateTable } from './cart/tax-rates';
export { type CartTotals, type CartTotalsInput, cartTotals, type PricedAmount } from './cart/totals';
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
export { EVENT_TYPES, type EventEnvelope, type EventType } from './events/event-types';
export { eventJsonSchemas, eventSchemaName, type JsonSchema } from './events/json-schemas';
export {
  EVENT_AGGREGATES,
  EVENT_SCHEMAS,
  type EventVersion,
  eventDataSchema,
  eventEnvelopeSchema,
  eventVersions,
} from './events/schemas';
export { EventEnvelopeSchema } from './events/schemas/envelope';
export {
  ACCOUNT_TOKEN_PREFIXES,
  type AccountTokenPurpose,
  hashAccountToken,
  isAccountToken,
  newAccountToken,
} from './identity/account-token';
export { type ApiKeyMode, apiKeyHint, apiKeyMode, hashApiKey, newApiKey } from './identity/api-key';
export {
  CUSTOMER_EVENT_VERSION,
  type CustomerDataExportedData,
  type CustomerDeletedData,
  type CustomerEvents,
  type CustomerEventType,
  type CustomerProfile,
  type CustomerRegisteredData,
  type CustomerUpdatedData,
} from './identity/customer-events';
export {
  hashPassword,
  PASSWORD_COST,
  type PasswordCheck,
  type PasswordCost,
  parsePasswordHash,
  verifyPassword,
} from './identity/password';
export { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, passwordProblem } from './identity/password-policy';
export { hashRefreshToken, isRefreshToken, newRefreshToken } from './identity/refresh-token';
export { grants, isScope, SCOPES, type Scope } from './identity/scopes';
export { ID_PREFIXES, type IdKind, isId, newId } from './ids';
export {
  INVENTORY_EVENT_VERSION,
  type InventoryEvents,
  type InventoryEventType,
  type InventoryShortfallDetectedData,
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
export {
  ORDER_EVENT_VERSION,
  type OrderCancelledData,
  type OrderCreatedData,
  type OrderDeliveredData,
  type OrderEventAddress,
  type OrderEventLine,
  type OrderEvents,
  type OrderPaidData,
  type OrderRefundedData,
  type OrderReleasedData,
  type OrderReturnedData,
  type OrderShipmentData,
  type OrderShippedData,
} from './order-events';
export {
  type OrderNumberKey,
  orderNumberKey,
  orderNumberOf,
  sequenceOfOrderNumber,
} from './orders/order-number';
export {
  isCancellable,
  isOrderStatus,
  isPaymentStatus,
  nextOrderStatus,
  nextPaymentStatus,
  ORDER_STATUSES,
  type OrderEvent,
  type OrderStatus,
  orderEventsFrom,
  PAYMENT_STATUSES,
  type PaymentEvent,
  type PaymentStatus,
  type Transition,
} from './orders/order-status';
export { PAYMENT_EVENT_VERSION, type PaymentEvents, type PaymentRefundedData } from './payment-events';
