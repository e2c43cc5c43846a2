import type { ActorStorage } from '@edge-commerce/inventory';

// One statement each, `IF NOT EXISTS`: both SQLite APIs accept that, and it is safe on every start.
const TABLES = [
  // One row: the cart itself. `token_hash` is the SHA-256 of the cart's secret (never the secret).
  // `version` counts changes; `abandon_at` is the end of the current idle period and
  // `abandoned_version` the version whose idle period was already announced. `countries` are the
  // market's (JSON), where the cart may ship; the address is JSON, the method a rate id.
  `CREATE TABLE IF NOT EXISTS cart (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    cart_id TEXT NOT NULL,
    token_hash TEXT NOT NULL,
    currency TEXT NOT NULL,
    market TEXT NOT NULL,
    prices_include_tax INTEGER NOT NULL,
    status TEXT NOT NULL DEFAULT 'open',
    version INTEGER NOT NULL DEFAULT 1,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    abandon_at INTEGER,
    abandoned_version INTEGER,
    countries TEXT NOT NULL DEFAULT '[]',
    shipping_address TEXT,
    shipping_method TEXT
  )`,
  // One line per variant: adding a variant already in the cart raises its quantity. The titles
  // and the unit price are as the catalog had them when the line last changed, so a line whose
  // variant left the catalog can still be shown, and a price change can be pointed out.
  `CREATE TABLE IF NOT EXISTS cart_lines (
    id TEXT PRIMARY KEY,
    variant_id TEXT NOT NULL UNIQUE,
    sku TEXT NOT NULL,
    product_id TEXT NOT NULL,
    product_handle TEXT NOT NULL,
    product_title TEXT NOT NULL,
    variant_title TEXT NOT NULL,
    quantity INTEGER NOT NULL CHECK (quantity > 0),
    unit_price INTEGER NOT NULL CHECK (unit_price >= 0),
    reserved_until INTEGER NOT NULL,
    weight_grams INTEGER NOT NULL DEFAULT 0,
    beyond_stock INTEGER NOT NULL DEFAULT 0,
    position INTEGER NOT NULL,
    created_at INTEGER NOT NULL
  )`,
  // The promotion codes the shopper applied, as the shop defined them when applied: checked
  // again on every pricing (window, minimum), and counted against their limit at checkout.
  `CREATE TABLE IF NOT EXISTS cart_promotions (
    promotion_id TEXT PRIMARY KEY,
    code TEXT NOT NULL,
    promotion TEXT NOT NULL,
    applied_at INTEGER NOT NULL
  )`,
  // Answers to changes sent with an Idempotency-Key, by key: a retried change answers the
  // same and changes nothing again. Kept a day (KEPT_ANSWERS_MS), bound to the request's
  // fingerprint (method, path and parameters).
  `CREATE TABLE IF NOT EXISTS cart_idempotency (
    key TEXT PRIMARY KEY,
    fingerprint TEXT NOT NULL,
    outcome TEXT NOT NULL,
    recorded_at INTEGER NOT NULL
  )`,
  `CREATE INDEX IF NOT EXISTS cart_idempotency_age ON cart_idempotency (recorded_at)`,
  // Events in the envelope of API-CONVENTIONS.md, in the order they happened, until relayed.
  `CREATE TABLE IF NOT EXISTS cart_outbox (
    position INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    type TEXT NOT NULL,
    version INTEGER NOT NULL,
    occurred_at TEXT NOT NULL,
    aggregate_id TEXT NOT NULL,
    data TEXT NOT NULL
  )`,
  // Who the cart belongs to once a signed-in customer claimed it (their access token then opens
  // it, as the cart token does), and, for a guest cart merged into the customer's own, which
  // cart took its lines (ADR 26). Absent: a guest's cart.
  `CREATE TABLE IF NOT EXISTS cart_claim (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    customer_id TEXT NOT NULL,
    claimed_at INTEGER NOT NULL,
    merged_into TEXT
  )`,
  // The lines this cart took over from merged guest carts, by source cart and variant: a merge
  // retried after a failure takes each line once.
  `CREATE TABLE IF NOT EXISTS cart_merged_lines (
    source_cart_id TEXT NOT NULL,
    variant_id TEXT NOT NULL,
    merged_at INTEGER NOT NULL,
    PRIMARY KEY (source_cart_id, variant_id)
  )`,
  // The cart's checkout (ADR 29): the payment opened for it and the order it becomes. `attempt`
  // counts payments opened, so each gets its own idempotency key and a retried one the same;
  // `priced` is the cart as it was priced for that payment (what the order is made of);
  // `order_id` and `order_token` are chosen once, so every retry of the completion places the same
  // order. Status: awaiting_payment, failed, cancelled, completed.
  `CREATE TABLE IF NOT EXISTS cart_checkout (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    attempt INTEGER NOT NULL,
    status TEXT NOT NULL,
    payment_id TEXT NOT NULL,
    client_secret TEXT,
    amount INTEGER NOT NULL,
    cart_version INTEGER NOT NULL,
    email TEXT NOT NULL,
    billing_address TEXT NOT NULL,
    priced TEXT NOT NULL,
    promotions TEXT NOT NULL,
    order_id TEXT NOT NULL,
    order_token TEXT NOT NULL,
    order_number TEXT,
    order_status TEXT,
    updated_at INTEGER NOT NULL
  )`,
  // When the open payment is looked at again if nobody settled it (checkout-sweep.ts).
  `CREATE TABLE IF NOT EXISTS cart_checkout_sweep (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    due_at INTEGER NOT NULL,
    tries INTEGER NOT NULL
  )`,
];

/**
 * Creates the cart's tables: when a cart is created (so probing unknown ids stores nothing), and
 * when a cart made before a table existed wakes (every statement is `IF NOT EXISTS`).
 */
export function createCartTables(storage: ActorStorage): void {
  for (const statement of TABLES) storage.exec(statement);
}

/** Whether this storage holds a cart at all (a read: a fresh object stays empty). */
export function hasCartTables(storage: ActorStorage): boolean {
  return storage.exec("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'cart'").length > 0;
}
