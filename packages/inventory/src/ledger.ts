import {
  INVENTORY_EVENT_VERSION,
  type InventoryShortfallDetectedData,
  type InventoryUpdatedData,
  newId,
} from '@edge-commerce/domain';
import type {
  CancelOutcome,
  CommitOutcome,
  ConfigureOutcome,
  ExpireOutcome,
  ExtendOutcome,
  InvalidInput,
  InventoryEvent,
  InventorySettings,
  InventorySnapshot,
  RecordedCommitment,
  RecordLevelOutcome,
  ReleaseOutcome,
  ReservationMissing,
  ReserveOutcome,
  RestoreOutcome,
  ShipOutcome,
  SkuMismatch,
  StockLevel,
  StockRecord,
  TransferOutcome,
} from './outcomes';
import { isKey, isQuantity, isSequence, isStockLevel, isTtl } from './quantities';
import { ReadMemo } from './read-memo';
import { createInventoryTables } from './schema';
import { isStockStatus, stockStatus } from './stock-status';
import type { Clock, InventoryStorage } from './storage';

// What ReadMemo remembers the live reservations' total and the alarm's deadline (the earliest
// of them all, or earlier: see `reserve`) under: a write to the table forgets both.
const RESERVED = 'inventory_reservations';
const EARLIEST_DEADLINE = 'inventory_reservations:earliest';
const OUTBOX_RETRY = 'inventory_outbox_retry';
// How long the host has to move a due outbox before the alarm tries again (a host that died).
const OUTBOX_RETRY_LEASE_MS = 60_000;

function shippedOf(commitment: RecordedCommitment): number {
  return commitment.shipments.reduce((sum, shipment) => sum + shipment.quantity, 0);
}

/**
 * The live reservations' total, true from `from` (when it was counted: a clock set back could
 * make lapsed ones live again) until `until` (no reservation it counts lapses before then: the
 * earliest deadline among them, or earlier; null: none was live, so only a write changes it).
 */
interface LiveTotal {
  total: number;
  from: number;
  until: number | null;
}

const invalid = (field: string): InvalidInput => ({ ok: false, reason: 'invalid_input', field });

interface SettingsRow {
  [column: string]: string | number | null;
  sku: string | null;
  backorder_limit: number;
  low_stock_threshold: number;
  reported_status: string;
  alarm_at: number | null;
}

interface ReservationRow {
  [column: string]: string | number | null;
  quantity: number;
  expires_at: number;
}

interface CommitmentRow {
  [column: string]: string | number | null;
  cart_id: string;
  quantity: number;
  shipped: number;
  cancelled: number;
}

/**
 * Stock of one SKU: on hand per location, committed stock and cart reservations with deadlines,
 * in the host's SQLite. Never oversells: a reservation is taken only if on hand − committed −
 * live reservations − it stays at or above minus the backorder limit (0 unless allowed).
 *
 * Every operation runs in one transaction and leaves the alarm set for the earliest deadline.
 * Hosts: InventoryObject (a Durable Object per SKU); any host giving it an `InventoryStorage`.
 */
export class InventoryLedger {
  private readonly storage: ReadMemo;

  /**
   * `onEvent` hears that an event was recorded, once its transaction is done: the host moves the
   * outbox to Postgres then (ADR 33).
   */
  constructor(
    storage: InventoryStorage,
    private readonly clock: Clock,
    private readonly onEvent: () => void = () => {},
  ) {
    createInventoryTables(storage);
    this.storage = new ReadMemo(storage);
  }

  /** Sets backorder policy and low-stock threshold; the first call names the SKU. */
  configure(sku: string, settings: InventorySettings): ConfigureOutcome {
    if (!isKey(sku)) return invalid('sku');
    const limit = settings.backorder.policy === 'allow' ? settings.backorder.limit : 0;
    if (!isStockLevel(limit)) return invalid('backorder.limit');
    if (!isStockLevel(settings.lowStockThreshold)) return invalid('lowStockThreshold');
    return this.write(() => {
      const mismatch = this.claimSku(sku);
      if (mismatch) return mismatch;
      this.storage.exec(
        'UPDATE inventory_settings SET backorder_limit = ?, low_stock_threshold = ? WHERE id = 1',
        limit,
        settings.lowStockThreshold,
      );
      return { ok: true };
    });
  }

  /** Applies a WMS stock level for one location unless an equal or later sequence came first. */
  recordLevel(level: StockLevel): RecordLevelOutcome {
    if (!isKey(level.sku)) return invalid('sku');
    if (!isKey(level.location)) return invalid('location');
    if (!isStockLevel(level.onHand)) return invalid('onHand');
    if (!isSequence(level.sequence)) return invalid('sequence');
    return this.write(() => {
      const mismatch = this.claimSku(level.sku);
      if (mismatch) return mismatch;
      const applied = this.applyLevel(level.location, level.onHand, level.sequence);
      const shortfall = Math.max(0, this.committed() - this.onHand());
      if (applied && shortfall > 0) this.announceShortfall(level, shortfall);
      return { ok: true, applied, shortfall };
    });
  }

  /**
   * When the ledger was last rebuilt from Postgres (epoch ms), or null: never. A ledger that was
   * never rebuilt may have lost what it held (a new, moved or wiped object looks the same), so its
   * host rebuilds it once before it answers for stock. Local SQL only: free to ask on every start.
   */
  restoredAt(): number | null {
    const [restore] = this.storage.exec<{ restored_at: number }>(
      'SELECT restored_at FROM inventory_restores WHERE id = 1',
    );
    return restore?.restored_at ?? null;
  }

  /**
   * Rebuilds what Postgres records, in one transaction: the settings (replaced), each location's
   * level unless the ledger has an equal or later sequence (so it never moves stock backwards,
   * and repeating it changes nothing), and the commitments it does not have. Reservations are
   * left as they are: carts take theirs again. Records when, for `restoredAt`.
   */
  restore(record: StockRecord): RestoreOutcome {
    if (!isKey(record.sku)) return invalid('sku');
    const settings = record.settings;
    const limit = settings?.backorder.policy === 'allow' ? settings.backorder.limit : 0;
    if (!isStockLevel(limit)) return invalid('settings.backorder.limit');
    if (settings && !isStockLevel(settings.lowStockThreshold)) return invalid('settings.lowStockThreshold');
    for (const [index, level] of record.levels.entries()) {
      if (!isKey(level.location)) return invalid(`levels[${index}].location`);
      if (!isStockLevel(level.onHand)) return invalid(`levels[${index}].onHand`);
      if (!isSequence(level.sequence)) return invalid(`levels[${index}].sequence`);
    }
    for (const [index, commitment] of record.commitments.entries()) {
      const { orderId, cartId, quantity, shipments } = commitment;
      if (!isKey(orderId)) return invalid(`commitments[${index}].orderId`);
      if (!isKey(cartId)) return invalid(`commitments[${index}].cartId`);
      if (!isQuantity(quantity)) return invalid(`commitments[${index}].quantity`);
      for (const shipment of shipments) {
        if (!isKey(shipment.shipmentId) || !isQuantity(shipment.quantity) || !isKey(shipment.location))
          return invalid(`commitments[${index}].shipments`);
      }
      if (shippedOf(commitment) > quantity) return invalid(`commitments[${index}].shipments`);
    }
    return this.write((now) => {
      const mismatch = this.claimSku(record.sku);
      if (mismatch) return mismatch;
      if (settings) {
        this.storage.exec(
          'UPDATE inventory_settings SET backorder_limit = ?, low_stock_threshold = ? WHERE id = 1',
          limit,
          settings.lowStockThreshold,
        );
      }
      let levelsApplied = 0;
      for (const level of record.levels) {
        levelsApplied += this.applyLevel(level.location, level.onHand, level.sequence) ? 1 : 0;
      }
      let commitmentsAdded = 0;
      for (const commitment of record.commitments) {
        const added = this.storage.exec(
          `INSERT INTO inventory_commitments (order_id, cart_id, quantity, shipped, cancelled, committed_at)
           VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (order_id) DO NOTHING RETURNING order_id`,
          commitment.orderId,
          commitment.cartId,
          commitment.quantity,
          shippedOf(commitment),
          commitment.cancelled ? 1 : 0,
          now,
        );
        if (added.length === 0) continue;
        commitmentsAdded += 1;
        // Its shipments with it, so the WMS redelivering one of them ships nothing again. On hand
        // is not touched: the levels restored above are the WMS's counts, after those parcels left.
        for (const shipment of commitment.shipments) {
          this.storage.exec(
            `INSERT INTO inventory_shipments (shipment_id, order_id, quantity, location)
             VALUES (?, ?, ?, ?) ON CONFLICT (shipment_id) DO NOTHING`,
            shipment.shipmentId,
            commitment.orderId,
            shipment.quantity,
            shipment.location,
          );
        }
      }
      this.storage.exec(
        `INSERT INTO inventory_restores (id, restored_at) VALUES (1, ?)
         ON CONFLICT (id) DO UPDATE SET restored_at = excluded.restored_at`,
        now,
      );
      return { ok: true, levelsApplied, commitmentsAdded, restoredAt: now };
    });
  }

  /** Holds `quantity` for the cart until now + ttl; a cart's second reservation replaces its first. */
  reserve(cartId: string, quantity: number, ttlMs: number): ReserveOutcome {
    if (!isKey(cartId)) return invalid('cartId');
    if (!isQuantity(quantity)) return invalid('quantity');
    if (!isTtl(ttlMs)) return invalid('ttlMs');
    return this.write((now) => {
      const held = this.reservationOf(cartId);
      const own = held && held.expires_at > now ? held.quantity : 0;
      const live = this.liveTotal(now);
      const reserved = live.total;
      const availableToSell = this.onHand() - this.committed() - reserved;
      const available = Math.max(0, availableToSell + own + this.backorderLimit());
      // Lowering a reservation always succeeds, even when a WMS level left stock short of it.
      if (quantity > own && quantity > available)
        return { ok: false, reason: 'insufficient_stock', available };
      const expiresAt = now + ttlMs;
      this.storage.exec(
        `INSERT INTO inventory_reservations (cart_id, quantity, expires_at) VALUES (?, ?, ?)
         ON CONFLICT (cart_id) DO UPDATE SET quantity = excluded.quantity, expires_at = excluded.expires_at`,
        cartId,
        quantity,
        expiresAt,
      );
      // The cart's live reservation (own, possibly none) became `quantity`: the live total moves by
      // the difference, so neither the stock-status check after this nor the next reservation
      // needs a SUM over them all. Its deadline can only bring the total's end closer; if this
      // cart's old deadline was that end, keeping it only means counting again sooner.
      const until = live.until === null ? expiresAt : Math.min(live.until, expiresAt);
      this.storage.remember(RESERVED, {
        total: reserved - own + quantity,
        from: now,
        until,
      } satisfies LiveTotal);
      // The alarm set (alarm_at) moves only if this deadline comes sooner. When it was this cart's
      // own old deadline it stays: firing early is harmless (`expire` frees nothing and re-arms
      // for the true earliest), while recounting it here would cost a hot SKU, whose carts
      // re-reserve in turn, a MIN over all reservations and an alarm write on nearly every call.
      const alarmAt = this.settings().alarm_at;
      if (alarmAt !== null) this.storage.remember(EARLIEST_DEADLINE, Math.min(alarmAt, expiresAt));
      return { ok: true, cartId, quantity, expiresAt, availableToSell: availableToSell + own - quantity };
    });
  }

  /** Frees the cart's reservation, if it has one. */
  release(cartId: string): ReleaseOutcome {
    if (!isKey(cartId)) return invalid('cartId');
    return this.write((now) => {
      const released = this.liveReservation(cartId, now)?.quantity ?? 0;
      this.storage.exec('DELETE FROM inventory_reservations WHERE cart_id = ?', cartId);
      return { ok: true, released };
    });
  }

  /**
   * Moves the `from` cart's live reservation to the `to` cart in one step, so no other cart can
   * take the stock in between: `to` then holds `quantity` (both carts' live reservations counted
   * back), or as much of it as fits, never less than the two held (lowering always fits), until
   * now + ttl. A guest cart merged into a customer's keeps its stock this way.
   */
  transfer(fromCartId: string, toCartId: string, quantity: number, ttlMs: number): TransferOutcome {
    if (!isKey(fromCartId)) return invalid('fromCartId');
    if (!isKey(toCartId) || toCartId === fromCartId) return invalid('toCartId');
    if (!isQuantity(quantity)) return invalid('quantity');
    if (!isTtl(ttlMs)) return invalid('ttlMs');
    return this.write((now) => {
      const own =
        (this.liveReservation(fromCartId, now)?.quantity ?? 0) +
        (this.liveReservation(toCartId, now)?.quantity ?? 0);
      const availableToSell = this.onHand() - this.committed() - this.reserved(now);
      const fits = Math.max(own, availableToSell + own + this.backorderLimit());
      const granted = Math.min(quantity, fits);
      const expiresAt = now + ttlMs;
      this.storage.exec('DELETE FROM inventory_reservations WHERE cart_id = ?', fromCartId);
      if (granted > 0) {
        this.storage.exec(
          `INSERT INTO inventory_reservations (cart_id, quantity, expires_at) VALUES (?, ?, ?)
           ON CONFLICT (cart_id) DO UPDATE SET quantity = excluded.quantity, expires_at = excluded.expires_at`,
          toCartId,
          granted,
          expiresAt,
        );
      } else {
        this.storage.exec('DELETE FROM inventory_reservations WHERE cart_id = ?', toCartId);
      }
      return {
        ok: true,
        cartId: toCartId,
        quantity: granted,
        expiresAt,
        availableToSell: availableToSell + own - granted,
      };
    });
  }

  /** Moves a live reservation's deadline to now + ttl (an expired one is gone: reserve again). */
  extend(cartId: string, ttlMs: number): ExtendOutcome {
    if (!isKey(cartId)) return invalid('cartId');
    if (!isTtl(ttlMs)) return invalid('ttlMs');
    return this.write((now) => {
      if (!this.liveReservation(cartId, now)) return this.missingReservation(cartId);
      const expiresAt = now + ttlMs;
      this.storage.exec(
        'UPDATE inventory_reservations SET expires_at = ? WHERE cart_id = ?',
        expiresAt,
        cartId,
      );
      return { ok: true, expiresAt };
    });
  }

  /**
   * Turns the cart's live reservation into stock committed to the order, once: committing the
   * same order again answers as the first time did, so a retried checkout step is harmless.
   */
  commit(cartId: string, orderId: string): CommitOutcome {
    if (!isKey(cartId)) return invalid('cartId');
    if (!isKey(orderId)) return invalid('orderId');
    return this.write((now) => {
      const earlier = this.commitment(orderId);
      if (earlier) {
        if (earlier.cart_id !== cartId) return { ok: false, reason: 'order_conflict' };
        return { ok: true, orderId, quantity: earlier.quantity };
      }
      const reservation = this.liveReservation(cartId, now);
      if (!reservation) return this.missingReservation(cartId);
      this.storage.exec('DELETE FROM inventory_reservations WHERE cart_id = ?', cartId);
      this.storage.exec(
        'INSERT INTO inventory_commitments (order_id, cart_id, quantity, committed_at) VALUES (?, ?, ?, ?)',
        orderId,
        cartId,
        reservation.quantity,
        now,
      );
      return { ok: true, orderId, quantity: reservation.quantity };
    });
  }

  /**
   * Records the WMS's shipment `shipmentId` taking `quantity` of the order out of `location`:
   * less committed, and less on hand there until the WMS reports that location's next level
   * (which replaces ours). Once per shipment: the same shipment again answers as the first time
   * and changes nothing, so a redelivered shipment never ships twice. A parcel that left is a
   * fact, so a location short of it (or one the WMS never reported) is not a refusal: its on
   * hand stops at zero and the answer carries the `shortfall` for the operators.
   */
  ship(orderId: string, shipmentId: string, quantity: number, location: string): ShipOutcome {
    if (!isKey(orderId)) return invalid('orderId');
    if (!isKey(shipmentId)) return invalid('shipmentId');
    if (!isQuantity(quantity)) return invalid('quantity');
    if (!isKey(location)) return invalid('location');
    return this.write(() => {
      const commitment = this.commitment(orderId);
      if (!commitment) return { ok: false, reason: 'unknown_order' };
      const [earlier] = this.storage.exec<{ order_id: string; quantity: number; shortfall: number }>(
        'SELECT order_id, quantity, shortfall FROM inventory_shipments WHERE shipment_id = ?',
        shipmentId,
      );
      if (earlier) {
        if (earlier.order_id !== orderId || earlier.quantity !== quantity)
          return { ok: false, reason: 'shipment_conflict' };
        const outstanding = commitment.quantity - commitment.shipped;
        return { ok: true, shipped: quantity, outstanding, shortfall: earlier.shortfall, repeated: true };
      }
      if (commitment.cancelled) return { ok: false, reason: 'order_cancelled' };
      const outstanding = commitment.quantity - commitment.shipped;
      if (quantity > outstanding) return { ok: false, reason: 'exceeds_committed', outstanding };
      const [stock] = this.storage.exec<{ quantity: number }>(
        'SELECT quantity FROM inventory_on_hand WHERE location = ?',
        location,
      );
      const shortfall = Math.max(0, quantity - (stock?.quantity ?? 0));
      // Sequence 0: below any level the WMS reports, so its next count of the location applies.
      this.storage.exec(
        `INSERT INTO inventory_on_hand (location, quantity, sequence) VALUES (?, 0, 0)
         ON CONFLICT (location) DO UPDATE SET quantity = max(0, quantity - ?)`,
        location,
        quantity,
      );
      this.storage.exec(
        'UPDATE inventory_commitments SET shipped = shipped + ? WHERE order_id = ?',
        quantity,
        orderId,
      );
      this.storage.exec(
        'INSERT INTO inventory_shipments (shipment_id, order_id, quantity, location, shortfall) VALUES (?, ?, ?, ?, ?)',
        shipmentId,
        orderId,
        quantity,
        location,
        shortfall,
      );
      return { ok: true, shipped: quantity, outstanding: outstanding - quantity, shortfall, repeated: false };
    });
  }

  /** Frees what the order still holds (not what shipped); cancelling twice frees nothing more. */
  cancel(orderId: string): CancelOutcome {
    if (!isKey(orderId)) return invalid('orderId');
    return this.write(() => {
      const commitment = this.commitment(orderId);
      if (!commitment) return { ok: false, reason: 'unknown_order' };
      if (commitment.cancelled) return { ok: true, released: 0 };
      this.storage.exec('UPDATE inventory_commitments SET cancelled = 1 WHERE order_id = ?', orderId);
      return { ok: true, released: commitment.quantity - commitment.shipped };
    });
  }

  /** Frees every reservation whose deadline has passed; what the alarm calls. */
  expire(now: number = this.clock.now()): ExpireOutcome {
    return this.storage.transaction(() => {
      const freed = this.storage.exec(
        'DELETE FROM inventory_reservations WHERE expires_at <= ? RETURNING cart_id',
        now,
      );
      this.announceCrossing(now);
      // A due outbox retry is the host's to run now; should it die first, the alarm comes back.
      this.storage.exec(
        'UPDATE inventory_outbox_retry SET at = ? WHERE at <= ?',
        now + OUTBOX_RETRY_LEASE_MS,
        now,
      );
      // The alarm that called us is spent: set the next one whatever we remember having set.
      return { freed: freed.length, nextAlarmAt: this.armAlarm(true) };
    });
  }

  snapshot(): InventorySnapshot {
    // What operators and checks see comes from the tables themselves, not from what the ledger
    // remembers of them.
    this.storage.forget();
    const now = this.clock.now();
    const [live] = this.storage.exec<{ reserved: number; reservations: number }>(
      'SELECT COALESCE(SUM(quantity), 0) AS reserved, COUNT(*) AS reservations FROM inventory_reservations WHERE expires_at > ?',
      now,
    );
    const settings = this.settings();
    return {
      sku: settings.sku,
      onHand: this.onHand(),
      committed: this.committed(),
      reserved: live?.reserved ?? 0,
      availableToSell: this.availableToSell(now),
      reservations: live?.reservations ?? 0,
      backorderLimit: settings.backorder_limit,
      lowStockThreshold: settings.low_stock_threshold,
      restoredAt: this.restoredAt(),
    };
  }

  /** Events not yet relayed, oldest first. */
  outbox(limit = 100): InventoryEvent[] {
    const rows = this.storage.exec<{
      id: string;
      type: string;
      version: number;
      occurred_at: string;
      aggregate_id: string;
      data: string;
    }>(
      'SELECT id, type, version, occurred_at, aggregate_id, data FROM inventory_outbox ORDER BY position LIMIT ?',
      limit,
    );
    return rows.map(
      (row) =>
        ({
          id: row.id,
          type: row.type,
          version: row.version,
          occurredAt: row.occurred_at,
          aggregate: { type: 'sku', id: row.aggregate_id },
          data: JSON.parse(row.data),
        }) as InventoryEvent,
    );
  }

  /** The host moved these events to Postgres: they leave the outbox, and so does a pending retry. */
  relayed(ids: readonly string[]): void {
    this.storage.transaction(() => {
      for (const id of ids) this.storage.exec('DELETE FROM inventory_outbox WHERE id = ?', id);
      if (this.storage.exec('SELECT 1 FROM inventory_outbox LIMIT 1').length === 0)
        this.storage.exec('DELETE FROM inventory_outbox_retry');
      this.armAlarm(true);
    });
  }

  /** The host could not move the outbox: the alarm fires by `at` for it to try again. */
  relayFailed(at: number): void {
    this.storage.transaction(() => {
      this.storage.exec(
        'INSERT INTO inventory_outbox_retry (id, at) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET at = excluded.at',
        at,
      );
      this.armAlarm(true);
    });
  }

  /** Whether events wait in the outbox. */
  hasOutbox(): boolean {
    return this.storage.exec('SELECT 1 FROM inventory_outbox LIMIT 1').length > 0;
  }

  /** Runs a change atomically, then records a stock-status crossing and re-arms the alarm. */
  private write<T>(change: (now: number) => T): T {
    return this.storage.transaction(() => {
      const now = this.clock.now();
      const outcome = change(now);
      this.announceCrossing(now);
      this.armAlarm(false);
      return outcome;
    });
  }

  private claimSku(sku: string): SkuMismatch | null {
    const held = this.settings().sku;
    if (held === null) this.storage.exec('UPDATE inventory_settings SET sku = ? WHERE id = 1', sku);
    else if (held !== sku) return { ok: false, reason: 'sku_mismatch', sku: held };
    return null;
  }

  /** Replaces a location's on hand unless an equal or later sequence came first. */
  private applyLevel(location: string, onHand: number, sequence: number): boolean {
    const applied = this.storage.exec(
      `INSERT INTO inventory_on_hand (location, quantity, sequence) VALUES (?, ?, ?)
       ON CONFLICT (location) DO UPDATE SET quantity = excluded.quantity, sequence = excluded.sequence
       WHERE excluded.sequence > inventory_on_hand.sequence
       RETURNING location`,
      location,
      onHand,
      sequence,
    );
    return applied.length > 0;
  }

  /** Why a cart has no live reservation: none, or one past its deadline the alarm has not freed yet. */
  private missingReservation(cartId: string): ReservationMissing {
    const [expired] = this.storage.exec(
      'SELECT cart_id FROM inventory_reservations WHERE cart_id = ?',
      cartId,
    );
    return { ok: false, reason: expired ? 'reservation_expired' : 'no_reservation' };
  }

  /** The cart's reservation, live or past its deadline (the alarm has not freed it yet). */
  private reservationOf(cartId: string): ReservationRow | undefined {
    return this.storage.exec<ReservationRow>(
      'SELECT quantity, expires_at FROM inventory_reservations WHERE cart_id = ?',
      cartId,
    )[0];
  }

  private liveReservation(cartId: string, now: number): ReservationRow | undefined {
    return this.storage.exec<ReservationRow>(
      'SELECT quantity, expires_at FROM inventory_reservations WHERE cart_id = ? AND expires_at > ?',
      cartId,
      now,
    )[0];
  }

  private commitment(orderId: string): CommitmentRow | undefined {
    return this.storage.exec<CommitmentRow>(
      'SELECT cart_id, quantity, shipped, cancelled FROM inventory_commitments WHERE order_id = ?',
      orderId,
    )[0];
  }

  private settings(): SettingsRow {
    return this.storage.of('inventory_settings', () => {
      const [row] = this.storage.exec<SettingsRow>(
        'SELECT sku, backorder_limit, low_stock_threshold, reported_status, alarm_at FROM inventory_settings WHERE id = 1',
      );
      if (!row) throw new Error('inventory_settings has no row: createInventoryTables did not run');
      return row;
    });
  }

  private backorderLimit(): number {
    return this.settings().backorder_limit;
  }

  private onHand(): number {
    return this.storage.of('inventory_on_hand', () =>
      this.sum('SELECT COALESCE(SUM(quantity), 0) AS total FROM inventory_on_hand'),
    );
  }

  private committed(): number {
    return this.storage.of('inventory_commitments', () =>
      this.sum(
        'SELECT COALESCE(SUM(quantity - shipped), 0) AS total FROM inventory_commitments WHERE cancelled = 0',
      ),
    );
  }

  private availableToSell(now: number): number {
    return this.onHand() - this.committed() - this.reserved(now);
  }

  /** The live reservations' total at `now`. */
  private reserved(now: number): number {
    return this.liveTotal(now).total;
  }

  /**
   * The live reservations' total at `now`: the one remembered while it holds (a hot SKU's
   * reservations keep it current), otherwise counted again.
   */
  private liveTotal(now: number): LiveTotal {
    const remembered = this.storage.of(RESERVED, () => this.countLive(now));
    if (remembered.from <= now && (remembered.until === null || now < remembered.until)) return remembered;
    const counted = this.countLive(now);
    this.storage.remember(RESERVED, counted);
    return counted;
  }

  private countLive(now: number): LiveTotal {
    const [row] = this.storage.exec<{ total: number; until: number | null }>(
      'SELECT COALESCE(SUM(quantity), 0) AS total, MIN(expires_at) AS until FROM inventory_reservations WHERE expires_at > ?',
      now,
    );
    return { total: row?.total ?? 0, from: now, until: row?.until ?? null };
  }

  private sum(statement: string, ...params: number[]): number {
    return this.storage.exec<{ total: number }>(statement, ...params)[0]?.total ?? 0;
  }

  /** Records `InventoryShortfallDetected` for an applied level below committed stock. */
  private announceShortfall(level: StockLevel, shortfall: number): void {
    const now = this.clock.now();
    const data: InventoryShortfallDetectedData = {
      sku: level.sku,
      location: level.location,
      locationOnHand: level.onHand,
      sequence: level.sequence,
      onHand: this.onHand(),
      committed: this.committed(),
      shortfall,
    };
    this.record('InventoryShortfallDetected', level.sku, data, now);
  }

  private record(type: InventoryEvent['type'], sku: string, data: InventoryEvent['data'], now: number): void {
    this.storage.exec(
      `INSERT INTO inventory_outbox (id, type, version, occurred_at, aggregate_id, data)
       VALUES (?, ?, ?, ?, ?, ?)`,
      newId('event', now),
      type,
      INVENTORY_EVENT_VERSION,
      new Date(now).toISOString(),
      sku,
      JSON.stringify(data),
    );
    // After the transaction that recorded it: an event of a change rolled back never leaves.
    queueMicrotask(this.onEvent);
  }

  /** Records `InventoryUpdated` when the stock status differs from the one last announced. */
  private announceCrossing(now: number): void {
    const settings = this.settings();
    if (settings.sku === null) return;
    const previous = isStockStatus(settings.reported_status) ? settings.reported_status : 'out_of_stock';
    const availableToSell = this.availableToSell(now);
    const current = stockStatus(availableToSell, settings.low_stock_threshold);
    if (current === previous) return;
    const data: InventoryUpdatedData = {
      sku: settings.sku,
      stockStatus: current,
      previousStockStatus: previous,
      availableToSell,
      onHand: this.onHand(),
      committed: this.committed(),
      reserved: this.onHand() - this.committed() - availableToSell,
      lowStockThreshold: settings.low_stock_threshold,
    };
    this.record('InventoryUpdated', settings.sku, data, now);
    this.storage.exec('UPDATE inventory_settings SET reported_status = ? WHERE id = 1', current);
  }

  /**
   * Sets the alarm for the earliest deadline (a reservation's, or the outbox's retry), or clears it
   * when none is left. Skips the host call when that is what is set already: a hot SKU's
   * reservations rarely move it.
   */
  private armAlarm(force: boolean): number | null {
    const deadline = this.storage.of(
      EARLIEST_DEADLINE,
      () =>
        this.storage.exec<{ at: number | null }>(
          'SELECT MIN(expires_at) AS at FROM inventory_reservations',
        )[0]?.at ?? null,
    );
    const retry = this.storage.of(
      OUTBOX_RETRY,
      () =>
        this.storage.exec<{ at: number }>('SELECT at FROM inventory_outbox_retry WHERE id = 1')[0]?.at ??
        null,
    );
    const at = deadline === null ? retry : retry === null ? deadline : Math.min(deadline, retry);
    if (!force && at === this.settings().alarm_at) return at;
    if (at === null) this.storage.deleteAlarm();
    else this.storage.setAlarm(at);
    this.storage.exec('UPDATE inventory_settings SET alarm_at = ? WHERE id = 1', at);
    return at;
  }
}
