import { DurableObject } from 'cloudflare:workers';
import { createDatabase, inventoryWrites } from '@edge-commerce/db';
import {
  type CancelOutcome,
  type CommitOutcome,
  type ConfigureOutcome,
  type ExtendOutcome,
  type InventoryEvent,
  InventoryLedger,
  type InventorySettings,
  type InventorySnapshot,
  type RecordLevelOutcome,
  type ReleaseOutcome,
  type ReserveOutcome,
  type RestoreOutcome,
  type ShipOutcome,
  type StockLevel,
  type StockRecord,
  systemClock,
  type TransferOutcome,
} from '@edge-commerce/inventory';
import { type Config, loadConfig } from '../config';
import { drainObjectOutbox, outboxRetryDelayMs } from '../events/object-outbox';
import { describeError, log } from '../log';
import { DurableObjectInventoryStorage } from './durable-object-storage';
import { stockRecordOf } from './stock-policy';

/**
 * One per SKU (`env.INVENTORY.getByName(sku)`): its stock and cart reservations, consistent
 * because one object serves every request for the SKU, one at a time. A thin host: the rules are
 * in InventoryLedger (ADR 19); this gives it the object's SQLite storage, its alarm and the clock,
 * and rebuilds it from Postgres once, before it first answers for stock (it may be new or lost).
 */
export class InventoryObject extends DurableObject<Cloudflare.Env> {
  private readonly ledger: InventoryLedger;
  // Whether this instance has made sure its storage is not blank. In memory only: after a restart
  // the check is one local SQL query, so a warm add-to-cart never reaches Postgres.
  private restoreChecked = false;
  // One move of the outbox at a time; failures since the last success, for the retry's backoff.
  private draining: Promise<void> | undefined;
  private drainFailures = 0;

  constructor(ctx: DurableObjectState, env: Cloudflare.Env) {
    super(ctx, env);
    // Synchronous SQL: the tables exist before the first call is let in, no blockConcurrencyWhile needed.
    this.ledger = new InventoryLedger(new DurableObjectInventoryStorage(ctx.storage), systemClock, () =>
      this.drainSoon(),
    );
  }

  // Writers send what Postgres committed a moment ago: no need to rebuild first, and a batch of
  // new SKUs must not send each object to Postgres at once. A later restore merges by sequence
  // and takes the same settings, so the order does not matter.
  configure(sku: string, settings: InventorySettings): ConfigureOutcome {
    return this.ledger.configure(sku, settings);
  }

  recordLevel(level: StockLevel): RecordLevelOutcome {
    return this.ledger.recordLevel(level);
  }

  /** Holds stock for the cart; `ttlMs` defaults to RESERVATION_TTL_SECONDS. */
  async reserve(cartId: string, quantity: number, ttlMs?: number): Promise<ReserveOutcome> {
    await this.restoredOnce();
    return this.ledger.reserve(cartId, quantity, ttlMs ?? this.config().RESERVATION_TTL_SECONDS * 1000);
  }

  async release(cartId: string): Promise<ReleaseOutcome> {
    await this.restoredOnce();
    return this.ledger.release(cartId);
  }

  /** Moves one cart's reservation to another (a merge); `ttlMs` defaults to RESERVATION_TTL_SECONDS. */
  async transfer(
    fromCartId: string,
    toCartId: string,
    quantity: number,
    ttlMs?: number,
  ): Promise<TransferOutcome> {
    await this.restoredOnce();
    return this.ledger.transfer(
      fromCartId,
      toCartId,
      quantity,
      ttlMs ?? this.config().RESERVATION_TTL_SECONDS * 1000,
    );
  }

  async extend(cartId: string, ttlMs?: number): Promise<ExtendOutcome> {
    await this.restoredOnce();
    return this.ledger.extend(cartId, ttlMs ?? this.config().RESERVATION_TTL_SECONDS * 1000);
  }

  async commit(cartId: string, orderId: string): Promise<CommitOutcome> {
    await this.restoredOnce();
    return this.ledger.commit(cartId, orderId);
  }

  async ship(orderId: string, shipmentId: string, quantity: number, location: string): Promise<ShipOutcome> {
    await this.restoredOnce();
    return this.ledger.ship(orderId, shipmentId, quantity, location);
  }

  async cancel(orderId: string): Promise<CancelOutcome> {
    await this.restoredOnce();
    return this.ledger.cancel(orderId);
  }

  async snapshot(): Promise<InventorySnapshot> {
    await this.restoredOnce();
    return this.ledger.snapshot();
  }

  async outbox(limit?: number): Promise<InventoryEvent[]> {
    await this.restoredOnce();
    return this.ledger.outbox(limit);
  }

  /**
   * Rebuilds from `record` (what Postgres holds, read by the caller) whether or not the storage
   * is blank: operators force it after an incident. Idempotent (ADR 19, rebuild).
   */
  restore(record: StockRecord): RestoreOutcome {
    const outcome = this.ledger.restore(record);
    if (outcome.ok) this.restoreChecked = true;
    return outcome;
  }

  /**
   * The earliest deadline has come: free the reservations that expired, set the next alarm, and
   * move any events still waiting (a move that failed, or a host that died before it) to Postgres.
   */
  override async alarm(): Promise<void> {
    this.ledger.expire();
    if (this.ledger.hasOutbox()) await this.drainSoon();
  }

  /**
   * Moves the outbox's events to Postgres (ADR 33) after the call that recorded them, off its
   * answer; on failure the ledger's alarm comes back for them, with backoff.
   */
  private drainSoon(): Promise<void> {
    this.draining ??= (async () => {
      try {
        await drainObjectOutbox(this.ledger, this.config());
        this.drainFailures = 0;
      } catch (error) {
        this.drainFailures++;
        const retryAt = Date.now() + outboxRetryDelayMs(this.drainFailures);
        this.ledger.relayFailed(retryAt);
        log('warn', 'inventory events not moved to Postgres; retrying from the alarm', {
          sku: this.ctx.id.name,
          retryAt: new Date(retryAt).toISOString(),
          error: describeError(error),
        });
      } finally {
        this.draining = undefined;
      }
    })();
    this.ctx.waitUntil(this.draining);
    return this.draining;
  }

  /**
   * Before the first call that reads or reserves stock: a ledger never rebuilt (new, or its
   * storage lost or moved, which look the same) takes what Postgres records of its SKU, once;
   * the time is stored, so neither a restart nor a later call reads Postgres again. Other calls
   * wait meanwhile (`blockConcurrencyWhile`), so none sees the ledger half-built.
   */
  private async restoredOnce(): Promise<void> {
    if (this.restoreChecked) return;
    // A throw inside blockConcurrencyWhile resets the whole object; Postgres being down is not
    // worth that, so the failure is carried out and thrown to this call alone (the next retries).
    const failure = await this.ctx.blockConcurrencyWhile(async () => {
      if (this.restoreChecked) return undefined;
      // The object's name is its SKU (`getByName`); an object made otherwise has nothing to restore.
      const sku = this.ctx.id.name;
      try {
        if (this.ledger.restoredAt() === null && sku !== undefined) {
          const outcome = this.ledger.restore(stockRecordOf(await this.readRecordedStock(sku)));
          if (!outcome.ok)
            return new Error(`InventoryObject ${sku} could not restore: ${JSON.stringify(outcome)}`);
        }
      } catch (error) {
        return error;
      }
      this.restoreChecked = true;
      return undefined;
    });
    if (failure !== undefined) throw failure;
  }

  private async readRecordedStock(sku: string): Promise<inventoryWrites.RecordedStock> {
    const config = this.config();
    const handle = createDatabase({
      url: config.DATABASE_URL,
      localWebSocketProxy: config.DATABASE_WS_PROXY,
    });
    try {
      return await inventoryWrites.readRecordedStock(handle.db, sku);
    } finally {
      await handle.close().catch(() => {});
    }
  }

  private config(): Config {
    const loaded = loadConfig(this.env);
    if (!loaded.ok) throw new Error(`Invalid configuration: ${loaded.problems.join('; ')}`);
    return loaded.config;
  }
}
