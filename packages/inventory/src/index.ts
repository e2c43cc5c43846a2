export { InventoryLedger } from './ledger';
export type * from './outcomes';
export { isKey, isQuantity, MAX_QUANTITY, MAX_TTL_MS } from './quantities';
export {
  type ActorStorage,
  type Clock,
  type InventoryStorage,
  type SqlRow,
  type SqlValue,
  systemClock,
} from './storage';
