import type { InventoryEvents } from '@edge-commerce/domain';

/** An argument the ledger refuses: `field` names it (a quantity, a ttl, an id). */
export interface InvalidInput {
  ok: false;
  reason: 'invalid_input';
  field: string;
}

export type BackorderPolicy = { policy: 'deny' } | { policy: 'allow'; limit: number };

export interface InventorySettings {
  backorder: BackorderPolicy;
  /** `InventoryUpdated` is recorded when available-to-sell crosses this (and zero); 0: zero only. */
  lowStockThreshold: number;
}

export type ConfigureOutcome = { ok: true } | InvalidInput | SkuMismatch;

/**
 * What Postgres records of a SKU's stock, to rebuild a ledger that lost its storage (ADR 19).
 * Live reservations are not in it: carts take them again (ADR 19, rebuild).
 */
export interface StockRecord {
  sku: string;
  /** The variant's settings; null when no variant has the SKU now (the ledger's are kept). */
  settings: InventorySettings | null;
  /** On hand per location with the WMS's sequence, as `inventory_levels` holds them. */
  levels: { location: string; onHand: number; sequence: number }[];
  /** Committed stock per order, as Postgres records the orders' lines and shipments. */
  commitments: RecordedCommitment[];
}

export interface RecordedCommitment {
  orderId: string;
  cartId: string;
  quantity: number;
  /** The WMS's shipments of it so far: what left, from where. */
  shipments: { shipmentId: string; quantity: number; location: string }[];
  cancelled: boolean;
}

export type RestoreOutcome =
  | {
      ok: true;
      /** Levels that replaced the ledger's (a higher sequence), and commitments it did not have. */
      levelsApplied: number;
      commitmentsAdded: number;
      /** Epoch ms of this restore; the ledger is never blank again after it. */
      restoredAt: number;
    }
  | InvalidInput
  | SkuMismatch;

/** The call named another SKU than the one this ledger holds: it reached the wrong object. */
export interface SkuMismatch {
  ok: false;
  reason: 'sku_mismatch';
  sku: string;
}

export interface StockLevel {
  sku: string;
  location: string;
  onHand: number;
  /** The WMS's order of its reports: a level with a sequence not above the last one is stale. */
  sequence: number;
}

export type RecordLevelOutcome =
  | {
      ok: true;
      applied: boolean;
      /** How far committed stock now exceeds on hand (0 normally): reported, never clamped away. */
      shortfall: number;
    }
  | InvalidInput
  | SkuMismatch;

export type ReserveOutcome =
  | { ok: true; cartId: string; quantity: number; expiresAt: number; availableToSell: number }
  /** `available`: the most this cart could hold right now (its own reservation counted back). */
  | { ok: false; reason: 'insufficient_stock'; available: number }
  | InvalidInput;

export type ReleaseOutcome = { ok: true; released: number } | InvalidInput;

/** `quantity`: what the receiving cart holds now, which may be less than asked when stock ran short. */
export type TransferOutcome =
  | { ok: true; cartId: string; quantity: number; expiresAt: number; availableToSell: number }
  | InvalidInput;

export type ReservationMissing = { ok: false; reason: 'no_reservation' | 'reservation_expired' };

export type ExtendOutcome = { ok: true; expiresAt: number } | ReservationMissing | InvalidInput;

export type CommitOutcome =
  | { ok: true; orderId: string; quantity: number }
  | ReservationMissing
  /** The order was committed already, from another cart. */
  | { ok: false; reason: 'order_conflict' }
  | InvalidInput;

export type ShipOutcome =
  | {
      ok: true;
      shipped: number;
      /** What the order still holds of the SKU, not yet shipped. */
      outstanding: number;
      /** Units shipped beyond what the location had on hand by our count (0 normally). */
      shortfall: number;
      /** The shipment was recorded before: nothing changed. */
      repeated: boolean;
    }
  | { ok: false; reason: 'unknown_order' | 'order_cancelled' }
  /** The shipment id was recorded for another order or quantity. */
  | { ok: false; reason: 'shipment_conflict' }
  | { ok: false; reason: 'exceeds_committed'; outstanding: number }
  | { ok: false; reason: 'exceeds_on_hand'; onHand: number }
  | InvalidInput;

export type CancelOutcome =
  | { ok: true; released: number }
  | { ok: false; reason: 'unknown_order' }
  | InvalidInput;

export interface ExpireOutcome {
  freed: number;
  /** When the alarm is set for next (the earliest deadline left), or null: none. */
  nextAlarmAt: number | null;
}

export interface InventorySnapshot {
  sku: string | null;
  onHand: number;
  committed: number;
  reserved: number;
  availableToSell: number;
  reservations: number;
  /** How far below zero available-to-sell may go (0: backorders denied). */
  backorderLimit: number;
  lowStockThreshold: number;
  /** Epoch ms of the last rebuild from Postgres, or null: never rebuilt. */
  restoredAt: number | null;
}

/** An event of the SKU's outbox, in the envelope of API-CONVENTIONS.md. */
export type InventoryEvent = {
  [Type in keyof InventoryEvents]: {
    id: string;
    type: Type;
    version: number;
    occurredAt: string;
    aggregate: { type: 'sku'; id: string };
    data: InventoryEvents[Type];
  };
}[keyof InventoryEvents];
