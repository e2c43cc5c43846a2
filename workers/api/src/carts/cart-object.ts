import { DurableObject } from 'cloudflare:workers';
import {
  type CartCaller,
  type CartEvent,
  CartLedger,
  type CartOutcome,
  type CartPrecondition,
  type CheckoutDetails,
  type CheckoutOutcome,
  type CheckoutPorts,
  type CompleteOutcome,
  type CreateCartOutcome,
  type HandedOverLine,
  type HandOverOutcome,
  type IdempotentRequest,
  type NewCart,
  type ShippingRatesOutcome,
} from '@edge-commerce/cart';
import {
  createRateTableTaxCalculator,
  createTableRateProvider,
  orderNumberKey,
  type Promotion,
} from '@edge-commerce/domain';
import { systemClock } from '@edge-commerce/inventory';
import { catalogCacheFor } from '../cache/catalog-cache-for';
import { type Config, loadConfig } from '../config';
import { drainObjectOutbox, outboxRetryDelayMs } from '../events/object-outbox';
import { DurableObjectInventoryStorage } from '../inventory/durable-object-storage';
import { describeError, log } from '../log';
import { postgresOrderBook } from '../orders/order-book';
import { stripeClientFor } from '../payments/stripe-client';
import { stripeGateway } from '../payments/stripe-gateway';
import { CachedCartCatalog } from './cart-catalog';
import { inventoryObjects } from './cart-inventory';

// The built-in tax table and table-rate shipping (ADR 21), checked once per isolate.
const builtInTax = createRateTableTaxCalculator();
const builtInShipping = createTableRateProvider();

/**
 * A cart call's outcome as it reaches the Worker, and the SQL round trips it cost (0 once the
 * catalog is warm). A cart answer travels as its JSON text, without the object it was made
 * from: the text is what the response sends, and one string costs the call far less to copy
 * than the object graph would (and the Worker nothing to serialise again).
 */
export interface CartReply<Outcome> {
  outcome: Sent<Outcome>;
  statements: number;
}

/** An outcome as sent: a cart answer without `cart`, every other outcome as it is. */
export type Sent<Outcome> = Outcome extends { ok: true; cart: unknown } ? Omit<Outcome, 'cart'> : Outcome;

function sent<Outcome>(outcome: Outcome): Sent<Outcome> {
  if (typeof outcome !== 'object' || outcome === null || !('cart' in outcome))
    return outcome as Sent<Outcome>;
  const { cart: _cart, ...rest } = outcome;
  return rest as Sent<Outcome>;
}

/**
 * One per cart (`env.CART.getByName(cartId)`): its lines, token and idle alarm. A thin host: the
 * rules are in CartLedger (ADR 21); this gives it the object's SQLite storage, the catalog
 * through the catalog cache, the SKUs' InventoryObjects and the clock.
 */
export class CartObject extends DurableObject<Cloudflare.Env> {
  private readonly ledger: CartLedger;
  private readonly catalog: CachedCartCatalog;
  /** SQL round trips of the order book (completions), added to the catalog's per call. */
  private orderStatements = 0;
  /** Failed moves of the outbox since the last success, for the retry's backoff. */
  private drainFailures = 0;

  constructor(ctx: DurableObjectState, env: Cloudflare.Env) {
    super(ctx, env);
    const config = configOf(env);
    // Carts trust a catalog version for a second at least, even where storefront reads check
    // every time (the tests): a burst of carts then asks Redis once a second, not once per cart
    // change, and checkout reprices from the catalog anyway (ADR 21). For the same reason a cart
    // keeps the prices it last knew while Redis cannot confirm the version, rather than sending
    // every cart change to Postgres when Redis slows down. An object shares the isolate's entries
    // (data) but never another object's reads in flight, which workerd forbids.
    this.catalog = new CachedCartCatalog(config, () =>
      catalogCacheFor(config, {
        waitUntil: (promise) => ctx.waitUntil(promise),
        minVersionCheckMs: 1_000,
        sharesInFlight: false,
        staleWhileUnconfirmed: true,
      }),
    );
    this.ledger = new CartLedger(
      new DurableObjectInventoryStorage(ctx.storage),
      systemClock,
      {
        catalog: this.catalog,
        inventory: inventoryObjects(env.INVENTORY),
        tax: builtInTax,
        shipping: builtInShipping,
        ...checkoutPortsOf(config, (statements) => {
          this.orderStatements += statements;
        }),
      },
      {
        abandonAfterMs: config.CART_ABANDONED_AFTER_SECONDS * 1000,
        holdAtRiskLevel: config.ORDER_HOLD_RISK_LEVEL === 'never' ? null : config.ORDER_HOLD_RISK_LEVEL,
        promotionHoldMs: config.RESERVATION_TTL_SECONDS * 1000,
      },
    );
  }

  create(cart: NewCart): Promise<CartReply<CreateCartOutcome>> {
    return this.counted(() => this.ledger.create(cart));
  }

  read(caller: CartCaller): Promise<CartReply<CartOutcome>> {
    return this.counted(() => this.ledger.read(caller));
  }

  addLine(
    caller: CartCaller,
    variantId: string,
    quantity: number,
    precondition: CartPrecondition,
    request?: IdempotentRequest,
  ): Promise<CartReply<CartOutcome>> {
    return this.counted(() => this.ledger.addLine(caller, variantId, quantity, precondition, request));
  }

  changeLine(
    caller: CartCaller,
    lineId: string,
    quantity: number,
    precondition: CartPrecondition,
    request?: IdempotentRequest,
  ): Promise<CartReply<CartOutcome>> {
    return this.counted(() => this.ledger.changeLine(caller, lineId, quantity, precondition, request));
  }

  removeLine(
    caller: CartCaller,
    lineId: string,
    precondition: CartPrecondition,
    request?: IdempotentRequest,
  ): Promise<CartReply<CartOutcome>> {
    return this.counted(() => this.ledger.removeLine(caller, lineId, precondition, request));
  }

  applyPromotion(
    caller: CartCaller,
    code: string,
    promotion: Promotion | null,
    precondition: CartPrecondition,
    request?: IdempotentRequest,
  ): Promise<CartReply<CartOutcome>> {
    return this.counted(() => this.ledger.applyPromotion(caller, code, promotion, precondition, request));
  }

  removePromotion(
    caller: CartCaller,
    code: string,
    precondition: CartPrecondition,
    request?: IdempotentRequest,
  ): Promise<CartReply<CartOutcome>> {
    return this.counted(() => this.ledger.removePromotion(caller, code, precondition, request));
  }

  setShippingAddress(
    caller: CartCaller,
    address: unknown,
    precondition: CartPrecondition,
    request?: IdempotentRequest,
  ): Promise<CartReply<CartOutcome>> {
    return this.counted(() => this.ledger.setShippingAddress(caller, address, precondition, request));
  }

  shippingRates(caller: CartCaller): Promise<CartReply<ShippingRatesOutcome>> {
    return this.counted(() => this.ledger.shippingRates(caller));
  }

  chooseShippingMethod(
    caller: CartCaller,
    rateId: string,
    precondition: CartPrecondition,
    request?: IdempotentRequest,
  ): Promise<CartReply<CartOutcome>> {
    return this.counted(() => this.ledger.chooseShippingMethod(caller, rateId, precondition, request));
  }

  /** Opens (or answers again) the cart's payment, and completes at once if it succeeded (ADR 29). */
  checkout(
    caller: CartCaller,
    details: CheckoutDetails,
    precondition: CartPrecondition,
  ): Promise<CartReply<CheckoutOutcome>> {
    return this.counted(() => this.ledger.checkout(caller, details, precondition));
  }

  /** Places the order of a paid cart, or answers the order it became. */
  complete(caller: CartCaller): Promise<CartReply<CompleteOutcome>> {
    return this.counted(() => this.ledger.complete(caller));
  }

  /** What Stripe's webhook reports of one of the cart's payments, checked with Stripe and acted on once. */
  settlePayment(paymentId: string): Promise<CartReply<CompleteOutcome>> {
    return this.counted(() => this.ledger.settlePayment(paymentId));
  }

  /** Makes the cart the customer's (ADR 26); only its token's holder may. */
  claimFor(token: string, customerId: string): Promise<CartReply<CartOutcome>> {
    return this.counted(() => this.ledger.claimFor(token, customerId));
  }

  /** Closes the cart for a merge into the customer's cart `intoCartId`, and hands over its lines. */
  handOver(token: string, customerId: string, intoCartId: string): Promise<CartReply<HandOverOutcome>> {
    return this.counted(() => this.ledger.handOver(token, customerId, intoCartId));
  }

  /** Takes over the lines a merged cart handed over, and their stock. */
  absorb(
    customerId: string,
    sourceCartId: string,
    lines: readonly HandedOverLine[],
  ): Promise<CartReply<CartOutcome>> {
    return this.counted(() => this.ledger.absorb(customerId, sourceCartId, lines));
  }

  /** Re-reserves every line: what rebuilding an InventoryObject asks of the carts (ADR 19). */
  reserveAgain(): Promise<{ sku: string; ok: boolean }[]> {
    return this.ledger.reserveAgain();
  }

  outbox(limit?: number): CartEvent[] {
    return this.ledger.outbox(limit);
  }

  /**
   * The cart's one alarm, for whichever deadline came: its idle period's end (CartAbandoned,
   * once per idle period) or its open payment's sweep (settled if nobody else did). Each re-arms
   * for what it still waits for, the earlier deadline first.
   */
  override async alarm(): Promise<void> {
    this.ledger.abandon();
    await this.ledger.sweep();
    if (this.ledger.hasOutbox()) await this.drainOutbox();
  }

  /**
   * Moves the cart's events (`CartAbandoned`) to Postgres's outbox, whence the relay publishes
   * them (ADR 33); on failure the alarm comes back for them, with backoff.
   */
  private async drainOutbox(): Promise<void> {
    try {
      await drainObjectOutbox(this.ledger, configOf(this.env));
      this.drainFailures = 0;
    } catch (error) {
      this.drainFailures++;
      const retryAt = Date.now() + outboxRetryDelayMs(this.drainFailures);
      this.ledger.wakeBy(retryAt);
      log('warn', 'cart events not moved to Postgres; retrying from the alarm', {
        cartId: this.ctx.id.name,
        retryAt: new Date(retryAt).toISOString(),
        error: describeError(error),
      });
    }
  }

  // Calls of one cart run one at a time (the ledger's queue), so the difference is this call's
  // (give or take one that overlaps it: a figure to watch, not to bill).
  private async counted<Outcome>(call: () => Promise<Outcome>): Promise<CartReply<Outcome>> {
    const before = this.catalog.statements + this.orderStatements;
    const outcome = await call();
    return { outcome: sent(outcome), statements: this.catalog.statements + this.orderStatements - before };
  }
}

/**
 * Stripe and the order book, when both are configured (a secret key and an order number key);
 * otherwise none, and checkout answers 503. The SDK is loaded on the first payment call.
 */
function checkoutPortsOf(config: Config, count: (statements: number) => void): { checkout?: CheckoutPorts } {
  const numberSecret = config.ORDER_NUMBER_KEY;
  if (config.STRIPE_SECRET_KEY === undefined || numberSecret === undefined) return {};
  const stripe = async () => {
    const client = await stripeClientFor(config);
    if (!client) throw new Error('STRIPE_SECRET_KEY is set');
    return stripeGateway(client);
  };
  return {
    checkout: {
      payments: {
        open: async (request) => (await stripe()).open(request),
        retrieve: async (paymentId) => (await stripe()).retrieve(paymentId),
        cancel: async (paymentId) => (await stripe()).cancel(paymentId),
        refund: async (paymentId, key) => (await stripe()).refund(paymentId, key),
      },
      orders: postgresOrderBook(config, orderNumberKey(numberSecret), count),
    },
  };
}

function configOf(env: Cloudflare.Env): Config {
  const loaded = loadConfig(env);
  if (!loaded.ok) throw new Error(`Invalid configuration: ${loaded.problems.join('; ')}`);
  return loaded.config;
}
