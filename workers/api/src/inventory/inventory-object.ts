import { DurableObject } from 'cloudflare:workers';
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
  type ShipOutcome,
  type StockLevel,
  systemClock,
} from '@edge-commerce/inventory';
import { loadConfig } from '../config';
import { DurableObjectInventoryStorage } from './durable-object-storage';

/**
 * One per SKU (`env.INVENTORY.getByName(sku)`): its stock and cart reservations, consistent
 * because one object serves every request for the SKU, one at a time. A thin host: the rules are
 * in InventoryLedger (ADR 19); this gives it the object's SQLite storage, its alarm and the clock.
 */
export class InventoryObject extends DurableObject<Cloudflare.Env> {
  private readonly ledger: InventoryLedger;

  constructor(ctx: DurableObjectState, env: Cloudflare.Env) {
    super(ctx, env);
    // Synchronous SQL: the tables exist before the first call is let in, no blockConcurrencyWhile needed.
    this.ledger = new InventoryLedger(new DurableObjectInventoryStorage(ctx.storage), systemClock);
  }

  configure(sku: string, settings: InventorySettings): ConfigureOutcome {
    return this.ledger.configure(sku, settings);
  }

  recordLevel(level: StockLevel): RecordLevelOutcome {
    return this.ledger.recordLevel(level);
  }

  /** Holds stock for the cart; `ttlMs` defaults to RESERVATION_TTL_SECONDS. */
  reserve(cartId: string, quantity: number, ttlMs: number = this.defaultTtlMs()): ReserveOutcome {
    return this.ledger.reserve(cartId, quantity, ttlMs);
  }

  release(cartId: string): ReleaseOutcome {
    return this.ledger.release(cartId);
  }

  extend(cartId: string, ttlMs: number = this.defaultTtlMs()): ExtendOutcome {
    return this.ledger.extend(cartId, ttlMs);
  }

  commit(cartId: string, orderId: string): CommitOutcome {
    return this.ledger.commit(cartId, orderId);
  }

  ship(orderId: string, quantity: number, location: string): ShipOutcome {
    return this.ledger.ship(orderId, quantity, location);
  }

  cancel(orderId: string): CancelOutcome {
    return this.ledger.cancel(orderId);
  }

  snapshot(): InventorySnapshot {
    return this.ledger.snapshot();
  }

  outbox(limit?: number): InventoryEvent[] {
    return this.ledger.outbox(limit);
  }

  /** The earliest reservation deadline has come: free what expired and set the next alarm. */
  override alarm(): void {
    this.ledger.expire();
  }

  private defaultTtlMs(): number {
    const loaded = loadConfig(this.env);
    if (!loaded.ok) throw new Error(`Invalid configuration: ${loaded.problems.join('; ')}`);
    return loaded.config.RESERVATION_TTL_SECONDS * 1000;
  }
}
