import type { InventoryStorage } from './storage';

// One statement each: a Durable Object runs several at once only without parameters, node:sqlite
// only through `exec`; one at a time works on both. `IF NOT EXISTS` makes it safe on every start.
const TABLES = [
  // One row: which SKU this ledger holds and its rules. `reported_status` is the stock status the
  // outbox last announced, so a crossing is recorded once, whatever caused it (even time passing).
  `CREATE TABLE IF NOT EXISTS inventory_settings (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    sku TEXT,
    backorder_limit INTEGER NOT NULL DEFAULT 0 CHECK (backorder_limit >= 0),
    low_stock_threshold INTEGER NOT NULL DEFAULT 0 CHECK (low_stock_threshold >= 0),
    reported_status TEXT NOT NULL DEFAULT 'out_of_stock',
    alarm_at INTEGER
  )`,
  `INSERT OR IGNORE INTO inventory_settings (id) VALUES (1)`,
  // On hand per stock location, as the WMS last reported it (less shipments since).
  `CREATE TABLE IF NOT EXISTS inventory_on_hand (
    location TEXT PRIMARY KEY,
    quantity INTEGER NOT NULL CHECK (quantity >= 0),
    sequence INTEGER NOT NULL
  )`,
  // One reservation per cart: reserving again sets its quantity.
  `CREATE TABLE IF NOT EXISTS inventory_reservations (
    cart_id TEXT PRIMARY KEY,
    quantity INTEGER NOT NULL CHECK (quantity > 0),
    expires_at INTEGER NOT NULL
  )`,
  `CREATE INDEX IF NOT EXISTS inventory_reservations_expiry ON inventory_reservations (expires_at)`,
  // Sold, not yet shipped: `quantity - shipped` of an order that is not cancelled. Kept after it
  // settles so that a repeated commit for the order answers the same.
  `CREATE TABLE IF NOT EXISTS inventory_commitments (
    order_id TEXT PRIMARY KEY,
    cart_id TEXT NOT NULL,
    quantity INTEGER NOT NULL CHECK (quantity > 0),
    shipped INTEGER NOT NULL DEFAULT 0 CHECK (shipped >= 0 AND shipped <= quantity),
    cancelled INTEGER NOT NULL DEFAULT 0,
    committed_at INTEGER NOT NULL
  )`,
  // Each WMS shipment taken, so a redelivered one ships nothing more (`ship` is once per shipment).
  `CREATE TABLE IF NOT EXISTS inventory_shipments (
    shipment_id TEXT PRIMARY KEY,
    order_id TEXT NOT NULL,
    quantity INTEGER NOT NULL CHECK (quantity > 0),
    location TEXT NOT NULL,
    shortfall INTEGER NOT NULL DEFAULT 0
  )`,
  // When the ledger was last rebuilt from Postgres. Its own table, not a settings column, so that
  // ledgers created before it get it by `IF NOT EXISTS` alone. No row: never rebuilt.
  `CREATE TABLE IF NOT EXISTS inventory_restores (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    restored_at INTEGER NOT NULL
  )`,
  // Events in the envelope of API-CONVENTIONS.md, in the order they happened, until relayed.
  `CREATE TABLE IF NOT EXISTS inventory_outbox (
    position INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    type TEXT NOT NULL,
    version INTEGER NOT NULL,
    occurred_at TEXT NOT NULL,
    aggregate_id TEXT NOT NULL,
    data TEXT NOT NULL
  )`,
  // When the host next tries to move the outbox to Postgres after a failed attempt (ADR 33); the
  // alarm fires by then. No row: nothing to retry.
  `CREATE TABLE IF NOT EXISTS inventory_outbox_retry (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    at INTEGER NOT NULL
  )`,
];

export function createInventoryTables(storage: InventoryStorage): void {
  for (const statement of TABLES) storage.exec(statement);
}
