import {
  CART_EVENT_VERSION,
  type CartAbandonedData,
  type CurrencyCode,
  checkPromotion,
  newId,
  type Promotion,
  validateAddress,
} from '@edge-commerce/domain';
import type { ActorStorage, Clock } from '@edge-commerce/inventory';
import { checkoutViewOf, orderDraftOf, placedOrderOf } from './checkout';
import type { CheckoutPorts, PaymentState, RefundedPaymentRecord } from './checkout-ports';
import { nextSweepAt } from './checkout-sweep';
import { OneAtATime } from './one-at-a-time';
import type {
  CartAnswer,
  CartCaller,
  CartOutcome,
  CartPrecondition,
  CartRefusal,
  CheckoutDetails,
  CheckoutOutcome,
  CompleteOutcome,
  CreateCartOutcome,
  HandedOverLine,
  HandOverOutcome,
  IdempotentRequest,
  ShippingRatesOutcome,
} from './outcomes';
import type { CartInventory, CartPorts, CartSettings, CatalogVariant } from './ports';
import { priceCart } from './pricing';
import { MAX_CART_LINES, MAX_LINE_QUANTITY } from './quantities';
import type { CartRow, CheckoutRow, ClaimRow, LineRow } from './rows';
import { createCartTables, hasCartTables } from './schema';
import { digestsEqual, hashCartToken, newCartToken } from './token';
import { type CartView, entityTagOf } from './view';

export interface NewCart {
  cartId: string;
  currency: CurrencyCode;
  market: string;
  pricesIncludeTax: boolean;
  /** ISO 3166-1 alpha-2 codes of the market's countries: where the cart may ship. */
  countries: readonly string[];
}

export interface CartEvent {
  id: string;
  type: 'CartAbandoned';
  version: number;
  occurredAt: string;
  aggregate: { type: 'cart'; id: string };
  data: CartAbandonedData;
}

/** How long an Idempotency-Key's answer is kept: a day, as Stripe keeps them. */
const KEPT_ANSWERS_MS = 24 * 60 * 60 * 1000;

/**
 * Whether an outcome is the request's answer for good. A dependency that was down is not: the
 * retry the key exists for must get to try again.
 */
function isFinal(outcome: CartOutcome): boolean {
  return (
    outcome.ok || (outcome.reason !== 'catalog_unavailable' && outcome.reason !== 'inventory_unavailable')
  );
}

const CART_COLUMNS =
  'cart_id, token_hash, currency, market, prices_include_tax, status, version, created_at, updated_at, abandon_at, abandoned_version, countries, shipping_address, shipping_method';
const LINE_COLUMNS =
  'id, variant_id, sku, product_id, product_handle, product_title, variant_title, quantity, unit_price, reserved_until, weight_grams, beyond_stock, position';

/**
 * One cart: its lines, priced from the catalog and backed by stock reservations, in the host's
 * SQLite. Every change reserves (or releases) through the inventory before it is kept, so the
 * lines of all carts never hold more than the SKUs' reservations.
 *
 * Calls run one at a time (they await the catalog and the inventory, and must not interleave).
 * Hosts: CartObject (a Durable Object per cart); any host giving it an `ActorStorage`.
 */
export class CartLedger {
  private readonly queue = new OneAtATime();
  private tablesReady: boolean;
  /**
   * What the cart's tables held when last read. The ledger is their only writer and runs one
   * call at a time, so what it read stays true until its own next write, which forgets it; a
   * committed change keeps the lines and the cart row it read back inside its transaction (`write`).
   * Saves a cart's change and its answer re-reading the rows they just read or wrote.
   */
  private known: { cart?: CartRow; lines?: LineRow[]; promotions?: Promotion[] } = {};
  /**
   * The abandonment alarm this ledger set and that has not fired since: an earlier deadline
   * than a change's new one needs no new alarm (`abandon` re-arms one that fires early).
   * `undefined`: not known, as after a restart.
   */
  private alarmAt: number | null | undefined;
  /** The last token that matched the stored hash: a cart's next call needs no SHA-256. */
  private verifiedToken: string | undefined;
  /**
   * The checkout row as last read or written (null: none), kept apart from `known` because only
   * checkout writes it: a cart change asks it whether a payment is open without a read.
   */
  private knownCheckout: CheckoutRow | null | undefined;

  private readonly inventory: CartInventory;

  constructor(
    private readonly storage: ActorStorage,
    private readonly clock: Clock,
    private readonly ports: CartPorts,
    private readonly settings: CartSettings,
  ) {
    this.tablesReady = hasCartTables(storage);
    // A cart made before the newest tables: they are added, empty, as it wakes.
    if (this.tablesReady) createCartTables(storage);
    this.inventory = ports.inventory;
  }

  /** Opens the cart; the answer carries its token, which is never shown again. */
  create(cart: NewCart): Promise<CreateCartOutcome> {
    return this.queue.run(async () => {
      if (this.cartRow()) return { ok: false, reason: 'cart_exists' };
      const token = newCartToken();
      const tokenHash = await hashCartToken(token);
      const now = this.clock.now();
      this.known = {};
      this.storage.transaction(() => {
        createCartTables(this.storage);
        this.storage.exec(
          `INSERT INTO cart (id, cart_id, token_hash, currency, market, prices_include_tax, countries, created_at, updated_at)
           VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?)`,
          cart.cartId,
          tokenHash,
          cart.currency,
          cart.market,
          cart.pricesIncludeTax ? 1 : 0,
          JSON.stringify(cart.countries),
          now,
          now,
        );
      });
      this.tablesReady = true;
      const answer = await this.answer();
      return answer.ok ? { ...answer, token } : answer;
    });
  }

  /** The cart with every line priced from the catalog now. */
  read(caller: CartCaller): Promise<CartOutcome> {
    return this.queue.run(async () => {
      const cart = await this.authorised(caller);
      if (!cart) return { ok: false, reason: 'not_found' };
      if (cart.status === 'completed' || this.mergedInto()) return this.closed(cart);
      return this.answer();
    });
  }

  /** Adds `quantity` of the variant: a new line, or more of the line that has it. */
  addLine(
    caller: CartCaller,
    variantId: string,
    quantity: number,
    precondition: CartPrecondition,
    request?: IdempotentRequest,
  ): Promise<CartOutcome> {
    return this.change(caller, precondition, request, async (cart) => {
      const variant = await this.sellable(variantId, cart.currency);
      if (!variant.ok) return variant;
      const line = this.lineOfVariant(variantId);
      if (!line && this.lines().length >= MAX_CART_LINES) {
        return { ok: false, reason: 'too_many_lines', max: MAX_CART_LINES };
      }
      const total = (line?.quantity ?? 0) + quantity;
      if (total > MAX_LINE_QUANTITY) {
        return {
          ok: false,
          reason: 'line_quantity_exceeded',
          variantId,
          requested: total,
          max: MAX_LINE_QUANTITY,
        };
      }
      return this.setLine(cart, variant.variant, line, total);
    });
  }

  /** Sets a line's quantity. Lowering always succeeds, even for a variant no longer sold. */
  changeLine(
    caller: CartCaller,
    lineId: string,
    quantity: number,
    precondition: CartPrecondition,
    request?: IdempotentRequest,
  ): Promise<CartOutcome> {
    return this.change(caller, precondition, request, async (cart) => {
      const line = this.line(lineId);
      if (!line) return { ok: false, reason: 'line_not_found', lineId };
      if (quantity <= line.quantity) return this.lowerLine(cart, line, quantity);
      const variant = await this.sellable(line.variant_id, cart.currency);
      if (!variant.ok) return variant;
      return this.setLine(cart, variant.variant, line, quantity);
    });
  }

  /** Removes a line and releases its stock. */
  removeLine(
    caller: CartCaller,
    lineId: string,
    precondition: CartPrecondition,
    request?: IdempotentRequest,
  ): Promise<CartOutcome> {
    return this.change(caller, precondition, request, async () => {
      const line = this.line(lineId);
      if (!line) return { ok: false, reason: 'line_not_found', lineId };
      const released = await this.release(line.sku);
      if (released) return released;
      this.write(() => this.storage.exec('DELETE FROM cart_lines WHERE id = ?', line.id), {
        linesOnly: true,
      });
      return null;
    });
  }

  /**
   * Applies a promotion code the Worker looked up (`promotion` null: no promotion has `code`).
   * It must hold for the cart now; one code of each kind counts, so a second percentage code is
   * refused rather than silently ignored. Applying the same code again changes nothing.
   */
  applyPromotion(
    caller: CartCaller,
    code: string,
    promotion: Promotion | null,
    precondition: CartPrecondition,
    request?: IdempotentRequest,
  ): Promise<CartOutcome> {
    return this.change(caller, precondition, request, async (cart) => {
      if (!promotion) return { ok: false, reason: 'unknown_promotion', code };
      const held = this.promotions();
      if (held.some((candidate) => candidate.id === promotion.id)) return null;
      const sameKind = held.find((candidate) => candidate.kind === promotion.kind);
      if (sameKind)
        return { ok: false, reason: 'promotion_conflict', code: promotion.code, held: sameKind.code };
      const priced = await this.priced(cart);
      if (!priced.ok) return priced;
      const check = checkPromotion(promotion, {
        now: new Date(this.clock.now()),
        currency: cart.currency as CurrencyCode,
        subtotal: priced.view.totals.subtotal.amount,
      });
      if (!check.ok) {
        return {
          ok: false,
          reason: 'promotion_refused',
          code: promotion.code,
          refusal: check.reason,
          detail: check.detail,
        };
      }
      this.write(() =>
        this.storage.exec(
          'INSERT INTO cart_promotions (promotion_id, code, promotion, applied_at) VALUES (?, ?, ?, ?)',
          promotion.id,
          promotion.code,
          JSON.stringify(promotion),
          this.clock.now(),
        ),
      );
      return null;
    });
  }

  /** Takes a code off the cart (any case). */
  removePromotion(
    caller: CartCaller,
    code: string,
    precondition: CartPrecondition,
    request?: IdempotentRequest,
  ): Promise<CartOutcome> {
    return this.change(caller, precondition, request, async () => {
      const held = this.promotions().find((candidate) => candidate.code.toUpperCase() === code.toUpperCase());
      if (!held) return { ok: false, reason: 'promotion_not_applied', code };
      this.write(() => this.storage.exec('DELETE FROM cart_promotions WHERE promotion_id = ?', held.id));
      return null;
    });
  }

  /**
   * Sets where the cart ships: validated for its country (required fields, postal code shape),
   * and the country must be one the cart's market serves. A chosen rate stays chosen only while
   * it is still offered for the new address (the pricing drops it otherwise).
   */
  setShippingAddress(
    caller: CartCaller,
    input: unknown,
    precondition: CartPrecondition,
    request?: IdempotentRequest,
  ): Promise<CartOutcome> {
    return this.change(caller, precondition, request, async (cart) => {
      const shipTo = this.shipTo(cart, input);
      if (!shipTo.ok) return shipTo;
      this.write(() =>
        this.storage.exec('UPDATE cart SET shipping_address = ? WHERE id = 1', shipTo.address),
      );
      return null;
    });
  }

  /** The shipping rates offered for the cart as it is (address, goods, weight). */
  shippingRates(caller: CartCaller): Promise<ShippingRatesOutcome> {
    return this.queue.run(async () => {
      const cart = await this.authorised(caller);
      if (!cart) return { ok: false, reason: 'not_found' };
      if (cart.shipping_address === null) return { ok: false, reason: 'shipping_address_required' };
      const priced = await this.priced(cart);
      if (!priced.ok) return priced;
      return { ok: true, rates: priced.rates };
    });
  }

  /** Chooses one of the rates offered now, by id. */
  chooseShippingMethod(
    caller: CartCaller,
    rateId: string,
    precondition: CartPrecondition,
    request?: IdempotentRequest,
  ): Promise<CartOutcome> {
    return this.change(caller, precondition, request, async (cart) => {
      if (cart.shipping_address === null) return { ok: false, reason: 'shipping_address_required' };
      const unoffered = await this.unofferedRate(cart, rateId);
      if (unoffered) return unoffered;
      this.write(() => this.storage.exec('UPDATE cart SET shipping_method = ? WHERE id = 1', rateId));
      return null;
    });
  }

  /**
   * The checkout's backstop, from the cart's alarm: a payment opened and still unsettled when
   * its sweep is due is read from the provider and settled as a completion call would (an order,
   * a refund, or the cart usable again). Still unconfirmed, it is looked at again later, a few
   * times (`CHECKOUT_SWEEP_DELAYS_MS`). A sweep not yet due re-arms the alarm for itself.
   */
  sweep(): Promise<void> {
    return this.queue.run(async () => {
      if (!this.tablesReady) return;
      const [due] = this.storage.exec<{ due_at: number; tries: number }>(
        'SELECT due_at, tries FROM cart_checkout_sweep WHERE id = 1',
      );
      if (!due) return;
      const now = this.clock.now();
      if (due.due_at > now) {
        this.armAlarmBy(due.due_at);
        return;
      }
      this.known = {};
      this.knownCheckout = undefined;
      const cart = this.cartRow();
      if (cart && this.awaitsPayment()) await this.completeOpenPayment(cart);
      if (this.awaitsPayment()) this.scheduleSweep(due.tries + 1);
      else this.storage.exec('DELETE FROM cart_checkout_sweep');
    });
  }

  /**
   * The idle deadline has come: records `CartAbandoned` once for this idle period (a change
   * starts a new one). An alarm that fires early re-arms for the deadline.
   */
  abandon(): void {
    // The alarm that called this is spent; whatever re-arms below records its own.
    this.alarmAt = null;
    if (!this.tablesReady) return;
    // Rare, and worth reading afresh: what decides an event should come from the tables themselves.
    this.known = {};
    const now = this.clock.now();
    this.storage.transaction(() => {
      const cart = this.cartRow();
      if (!cart || cart.abandon_at === null) return;
      if (cart.abandon_at > now) {
        this.storage.setAlarm(cart.abandon_at);
        this.alarmAt = cart.abandon_at;
        return;
      }
      if (cart.status !== 'open' || cart.abandoned_version === cart.version) return;
      const lines = this.lines();
      if (lines.length === 0) return;
      const data: CartAbandonedData = {
        cartId: cart.cart_id,
        customerId: this.claim()?.customer_id ?? null,
        currency: cart.currency,
        market: cart.market,
        subtotal: lines.reduce((sum, line) => sum + line.unit_price * line.quantity, 0),
        itemCount: lines.reduce((sum, line) => sum + line.quantity, 0),
        lines: lines.map((line) => ({
          variantId: line.variant_id,
          sku: line.sku,
          title: line.product_title,
          quantity: line.quantity,
          unitPrice: line.unit_price,
        })),
        lastChangedAt: new Date(cart.updated_at).toISOString(),
      };
      this.storage.exec(
        `INSERT INTO cart_outbox (id, type, version, occurred_at, aggregate_id, data)
         VALUES (?, 'CartAbandoned', ?, ?, ?, ?)`,
        newId('event', now),
        CART_EVENT_VERSION,
        new Date(now).toISOString(),
        cart.cart_id,
        JSON.stringify(data),
      );
      this.storage.exec('UPDATE cart SET abandoned_version = version WHERE id = 1');
      this.known = {};
    });
  }

  /** Events not yet relayed, oldest first. */
  outbox(limit = 100): CartEvent[] {
    if (!this.tablesReady) return [];
    return this.storage
      .exec<{ id: string; version: number; occurred_at: string; aggregate_id: string; data: string }>(
        'SELECT id, version, occurred_at, aggregate_id, data FROM cart_outbox ORDER BY position LIMIT ?',
        limit,
      )
      .map((row) => ({
        id: row.id,
        type: 'CartAbandoned',
        version: row.version,
        occurredAt: row.occurred_at,
        aggregate: { type: 'cart', id: row.aggregate_id },
        data: JSON.parse(row.data) as CartAbandonedData,
      }));
  }

  /** Whether events wait in the outbox. */
  hasOutbox(): boolean {
    return this.tablesReady && this.storage.exec('SELECT 1 FROM cart_outbox LIMIT 1').length > 0;
  }

  /** The host moved these events to Postgres (ADR 33): they leave the outbox. */
  relayed(ids: readonly string[]): void {
    if (!this.tablesReady) return;
    for (const id of ids) this.storage.exec('DELETE FROM cart_outbox WHERE id = ?', id);
  }

  /** Fires the alarm by `at` at the latest: the host tries its outbox again then. */
  wakeBy(at: number): void {
    this.armAlarmBy(at);
  }

  /**
   * Makes the cart the signed-in customer's (ADR 26): their access token opens it from now on,
   * as its token still does. Only the token's holder may claim it, and a cart another customer
   * claimed answers as no cart. Claiming it again changes nothing.
   */
  claimFor(token: string, customerId: string): Promise<CartOutcome> {
    return this.queue.run(async () => {
      const cart = await this.authorised({ token });
      const claim = this.claim();
      if (!cart || (claim && claim.customer_id !== customerId)) return { ok: false, reason: 'not_found' };
      if (cart.status !== 'open') return this.attempt(cart, null, async () => null);
      if (!claim) this.claimRow(customerId, null);
      return this.answer();
    });
  }

  /**
   * Closes a guest cart (or the customer's own extra one) for a merge into the customer's cart
   * `intoCartId`, and hands over its lines. Their stock stays reserved under this cart's id until
   * the receiving cart takes it over (`absorb`); the lines stay too, so a merge that failed half
   * way is finished by asking again, which answers the same lines.
   */
  handOver(token: string, customerId: string, intoCartId: string): Promise<HandOverOutcome> {
    return this.queue.run(async () => {
      const cart = await this.authorised({ token });
      const claim = this.claim();
      if (!cart || (claim && claim.customer_id !== customerId)) return { ok: false, reason: 'not_found' };
      const merged = claim?.merged_into;
      if (cart.status !== 'open' && merged !== intoCartId) {
        return {
          ok: false,
          reason: 'cart_closed',
          status: cart.status,
          ...(merged ? { mergedInto: merged } : {}),
        };
      }
      if (cart.status === 'open') {
        this.known = {};
        this.storage.transaction(() => {
          this.claimRow(customerId, intoCartId);
          this.storage.exec(
            "UPDATE cart SET status = 'merged', version = version + 1, updated_at = ?, abandon_at = NULL WHERE id = 1",
            this.clock.now(),
          );
          this.armAbandonment(null);
        });
        this.known = {};
      }
      const lines: HandedOverLine[] = this.lines().map((line) => ({
        variantId: line.variant_id,
        sku: line.sku,
        quantity: line.quantity,
      }));
      return { ok: true, lines };
    });
  }

  /**
   * Takes over the lines of a cart merged into this one (`handOver`): a variant already here
   * gets both quantities, a new one a new line at the catalog's price, and each SKU's stock moves
   * from the merged cart's reservation to this cart's in one step (`transfer`), topped up only
   * with stock that is free. A line whose variant is no longer sold, or that finds no room, is
   * let go with its reservation. Each line is taken once, however often the merge is retried.
   */
  absorb(customerId: string, sourceCartId: string, lines: readonly HandedOverLine[]): Promise<CartOutcome> {
    return this.queue.run(async () => {
      const cart = await this.authorised({ customerId });
      if (!cart) return { ok: false, reason: 'not_found' };
      return this.attempt(cart, null, async () => {
        for (const handed of lines) {
          const refusal = await this.absorbLine(cart, sourceCartId, handed);
          if (refusal) return refusal;
        }
        return null;
      });
    });
  }

  /**
   * Reserves every line's quantity again: what rebuilding a lost InventoryObject asks of the
   * carts (ADR 19). Reserving sets, so repeating it cannot double-count. Lines whose stock is
   * gone keep their quantity and show as no longer reserved.
   */
  reserveAgain(): Promise<{ sku: string; ok: boolean }[]> {
    return this.queue.run(async () => {
      const cart = this.cartRow();
      if (cart?.status !== 'open') return [];
      const results: { sku: string; ok: boolean }[] = [];
      for (const line of this.lines()) {
        const outcome = await this.inventory.reserve(line.sku, cart.cart_id, line.quantity);
        if (outcome.ok) {
          this.known = {};
          this.storage.exec(
            'UPDATE cart_lines SET reserved_until = ? WHERE id = ?',
            outcome.expiresAt,
            line.id,
          );
        }
        results.push({ sku: line.sku, ok: outcome.ok });
      }
      return results;
    });
  }

  /**
   * Checks the cart out (ADR 29): sets what `details` name (address, rate), reprices every line
   * from the catalog, reserves every line again for a full hold, and opens a payment for the
   * grand total, confirmed at once when a payment method is given. A payment already open for
   * the cart as it is now is answered again; one for an earlier version is cancelled first. A
   * payment that succeeded at once completes the order in the same call.
   */
  checkout(
    caller: CartCaller,
    details: CheckoutDetails,
    precondition: CartPrecondition,
  ): Promise<CheckoutOutcome> {
    return this.queue.run(async () => {
      const cart = await this.authorised(caller);
      if (!cart) return { ok: false, reason: 'not_found' };
      const earlier = this.checkoutRow();
      if (cart.status === 'completed' && earlier)
        return { ok: true, checkout: checkoutViewOf(earlier, null) };
      if (cart.status !== 'open') return this.closed(cart);
      if (precondition !== null) {
        const current = await this.answer();
        if (!current.ok) return current;
        if (!precondition.includes(current.etag)) return { ok: false, reason: 'precondition_failed' };
      }
      const ports = this.ports.checkout;
      if (!ports) return { ok: false, reason: 'payments_unavailable' };

      // A payment open already: paid (or settling) means this call is its completion.
      let open: { row: CheckoutRow; payment: PaymentState } | undefined;
      if (earlier?.status === 'awaiting_payment') {
        const payment = await this.paymentOf(ports, earlier.payment_id);
        if (!payment) return { ok: false, reason: 'payments_unavailable' };
        if (payment.status === 'succeeded')
          return this.asCheckout(await this.settle(ports, earlier, payment));
        if (payment.status === 'processing' || payment.status === 'requires_capture')
          return { ok: false, reason: 'payment_in_progress' };
        open = { row: earlier, payment };
      }

      const applied = await this.applyCheckoutDetails(cart, details);
      if (!applied.ok) return applied;
      const current = this.cartRow();
      if (!current) return { ok: false, reason: 'not_found' };
      const priced = await this.priced(current);
      if (!priced.ok) return priced;
      const notReady = this.unreadyForCheckout(priced.view);
      if (notReady) return notReady;
      const amount = priced.view.totals.grandTotal.amount;

      const unchanged =
        open !== undefined &&
        open.row.cart_version === current.version &&
        open.row.amount === amount &&
        open.row.email === details.email &&
        open.row.billing_address === applied.billing &&
        details.paymentMethod === undefined &&
        open.payment.failure === null &&
        open.payment.status !== 'canceled';
      if (open && unchanged) {
        const held = await this.reserveLines(current);
        if (held) return held;
        return { ok: true, checkout: checkoutViewOf(open.row, open.payment) };
      }
      if (open) {
        const cancelled = await this.cancelPayment(ports, open.row, { keepCodes: true });
        if (cancelled) return cancelled;
      }
      const held = await this.reserveLines(current);
      if (held) return held;
      const promotions = this.promotions();
      const discounting = priced.view.promotions
        .filter((promotion) => promotion.applies && promotion.discount.amount > 0)
        .map((promotion) => ({
          promotionId:
            promotions.find((candidate) => candidate.code === promotion.code)?.id ?? promotion.code,
          code: promotion.code,
          amount: promotion.discount.amount,
        }));
      const codesHeld = await this.holdCodes(ports, current, discounting, earlier);
      if (codesHeld) return codesHeld;

      // Each payment opened gets its own key; a call that failed before the row was written
      // retries the same key, so Stripe answers the payment it may have opened already.
      const attempt = (earlier?.attempt ?? 0) + 1;
      let payment: PaymentState;
      try {
        payment = await ports.payments.open({
          cartId: current.cart_id,
          amount,
          currency: current.currency,
          email: details.email,
          ...(details.paymentMethod === undefined ? {} : { paymentMethod: details.paymentMethod }),
          idempotencyKey: `${current.cart_id}:${current.version}:${attempt}`,
        });
      } catch {
        return { ok: false, reason: 'payments_unavailable' };
      }
      const row: CheckoutRow = {
        attempt,
        status: 'awaiting_payment',
        payment_id: payment.id,
        client_secret: payment.clientSecret,
        amount,
        cart_version: current.version,
        email: details.email,
        billing_address: applied.billing,
        priced: JSON.stringify(priced.view),
        promotions: JSON.stringify(discounting),
        // One order id and access token per cart, whichever payment pays for it.
        order_id: earlier?.order_id ?? newId('order', this.clock.now()),
        order_token: earlier?.order_token ?? newCartToken(),
        order_number: null,
        order_status: null,
      };
      this.keepCheckout(row);
      this.scheduleSweep(0);
      // Paid at once: every line was held a moment ago, in this call, for a full TTL.
      if (payment.status === 'succeeded')
        return this.asCheckout(await this.settle(ports, row, payment, { linesHeld: true }));
      if (payment.failure !== null && payment.status === 'requires_payment_method')
        return this.declined(row, payment);
      return { ok: true, checkout: checkoutViewOf(row, payment) };
    });
  }

  /**
   * Completes the order of a cart whose payment succeeded: what the shopper's browser calls
   * after confirming. Whichever of this and the provider's webhook (`settlePayment`) comes first
   * places the order; every later call answers the same order.
   */
  complete(caller: CartCaller): Promise<CompleteOutcome> {
    return this.queue.run(async () => {
      const cart = await this.authorised(caller);
      if (!cart) return { ok: false, reason: 'not_found' };
      return this.completeOpenPayment(cart);
    });
  }

  /**
   * What the payment provider's webhook says happened to one of this cart's payments (a
   * success, a failure, a cancellation): read again from the provider, never trusted from the
   * event, and acted on once. A payment the cart no longer waits for that succeeded anyway is
   * refunded: money never stays taken without an order.
   */
  settlePayment(paymentId: string): Promise<CompleteOutcome> {
    return this.queue.run(async () => {
      const cart = this.cartRow();
      if (!cart) return { ok: false, reason: 'not_found' };
      const row = this.checkoutRow();
      if (
        row &&
        row.payment_id === paymentId &&
        (row.status === 'awaiting_payment' || row.status === 'completed')
      )
        return this.completeOpenPayment(cart);
      const ports = this.ports.checkout;
      if (!ports) return { ok: false, reason: 'payments_unavailable' };
      const payment = await this.paymentOf(ports, paymentId);
      if (!payment) return { ok: false, reason: 'payments_unavailable' };
      if (payment.cartId !== cart.cart_id) return { ok: false, reason: 'not_found' };
      if (payment.status !== 'succeeded') return { ok: false, reason: 'checkout_required' };
      const refunded = await this.refund(ports, { cartId: cart.cart_id, payment, reason: 'superseded' });
      if (refunded) return refunded;
      return {
        ok: false,
        reason: 'order_refunded',
        cause: 'amount_mismatch',
        detail: 'The payment was for a checkout the cart had replaced; it was refunded in full.',
      };
    });
  }

  private async completeOpenPayment(cart: CartRow): Promise<CompleteOutcome> {
    const row = this.checkoutRow();
    if (cart.status === 'completed' && row) {
      const order = placedOrderOf(row);
      if (order) return { ok: true, order };
    }
    if (cart.status !== 'open') return this.closed(cart);
    if (row?.status !== 'awaiting_payment') return { ok: false, reason: 'checkout_required' };
    const ports = this.ports.checkout;
    if (!ports) return { ok: false, reason: 'payments_unavailable' };
    const payment = await this.paymentOf(ports, row.payment_id);
    if (!payment) return { ok: false, reason: 'payments_unavailable' };
    if (payment.status === 'succeeded') return this.settle(ports, row, payment);
    if (payment.status === 'canceled' || (payment.status === 'requires_payment_method' && payment.failure))
      return this.declined(row, payment);
    return {
      ok: false,
      reason: 'payment_incomplete',
      status: payment.status,
      nextAction: payment.nextAction,
    };
  }

  /**
   * The payment succeeded: the order is placed (once, by the cart), the stock committed to it,
   * and the cart closed. Each step can be repeated, so a call that failed half way is finished
   * by the next call, delivery or sweep. A cart that can no longer be fulfilled (its stock sold
   * while the hold lapsed, a code used up) is refunded in full and stays open.
   */
  private async settle(
    ports: CheckoutPorts,
    row: CheckoutRow,
    payment: PaymentState,
    { linesHeld = false } = {},
  ): Promise<CompleteOutcome> {
    const cart = this.cartRow();
    if (!cart) return { ok: false, reason: 'not_found' };
    if (payment.amountReceived !== row.amount || payment.currency.toUpperCase() !== cart.currency) {
      return this.refundAndReopen(
        ports,
        row,
        payment,
        'amount_mismatch',
        'The payment did not match the checkout.',
      );
    }
    const now = this.clock.now();
    let placed: { orderId: string; orderNumber: string; status: 'paid' | 'on_hold' };
    if (row.order_number !== null && row.order_status !== null) {
      // Placed by an earlier call that stopped before closing the cart: finish what it began.
      placed = { orderId: row.order_id, orderNumber: row.order_number, status: row.order_status };
    } else {
      // Stock first: every line is held again (a live hold just gets a new deadline; the cart's
      // own view of its deadlines is not proof, as an InventoryObject rebuilt or expired since
      // would show), unless this same call held them a moment ago. If a line's stock was sold
      // while its hold had lapsed, nothing can ship.
      const held = linesHeld ? null : await this.reserveLines(cart);
      if (held && (held.reason === 'insufficient_stock' || held.reason === 'line_unavailable')) {
        const sku = held.reason === 'insufficient_stock' ? held.sku : held.variantId;
        return this.refundAndReopen(
          ports,
          row,
          payment,
          'stock_unavailable',
          `${sku} sold out while the payment was made; the payment was refunded in full.`,
        );
      }
      if (held) return held;
      const draft = orderDraftOf({
        checkout: row,
        customerId: this.claim()?.customer_id ?? null,
        payment,
        holdAtRiskLevel: this.settings.holdAtRiskLevel ?? null,
        now,
      });
      let outcome: Awaited<ReturnType<CheckoutPorts['orders']['place']>>;
      try {
        outcome = await ports.orders.place(draft);
      } catch {
        return { ok: false, reason: 'orders_unavailable' };
      }
      if (!outcome.ok) {
        return this.refundAndReopen(
          ports,
          row,
          payment,
          'promotion_refused',
          `${outcome.codes.join(', ')} can no longer be used; the payment was refunded in full.`,
        );
      }
      placed = { orderId: outcome.orderId, orderNumber: outcome.orderNumber, status: draft.status };
      // Remembered before the stock is committed: from here on the order stands, and a call that
      // stops half way is finished by the next one, never refunded.
      row = {
        ...row,
        order_id: placed.orderId,
        order_number: placed.orderNumber,
        order_status: placed.status,
      };
      this.keepCheckout(row);
    }
    // One object per SKU: the commits go out at once.
    const orderId = placed.orderId;
    const refusals = await Promise.all(this.lines().map((line) => this.commitLine(cart, line, orderId)));
    const refusal = refusals.find((found) => found !== null);
    if (refusal) return refusal;
    const completed: CheckoutRow = { ...row, status: 'completed', client_secret: null };
    this.known = {};
    this.storage.transaction(() => {
      this.writeCheckout(completed);
      this.storage.exec(
        "UPDATE cart SET status = 'completed', version = version + 1, updated_at = ?, abandon_at = NULL WHERE id = 1",
        now,
      );
      // Settled: no sweep is owed, and the cart need not wake for one.
      this.storage.exec('DELETE FROM cart_checkout_sweep');
      this.armAbandonment(null);
    });
    this.knownCheckout = completed;
    this.known = {};
    const order = placedOrderOf(completed);
    if (!order) throw new Error('a completed checkout has its order');
    return { ok: true, order };
  }

  /**
   * Commits the line's stock to the order, once (committing an order again answers as the first
   * time). A hold that lapsed since it was taken (a completion that stopped half way and resumed
   * after the TTL) is taken again and committed. If even that fails, the stock was sold in the
   * meantime: the order stands, for it is paid, and the SKU's count misses it (a known gap of a
   * crash outlasting the hold; ADR 29).
   */
  private async commitLine(cart: CartRow, line: LineRow, orderId: string): Promise<CartRefusal | null> {
    try {
      const committed = await this.inventory.commit(line.sku, cart.cart_id, orderId);
      if (
        committed.ok ||
        (committed.reason !== 'no_reservation' && committed.reason !== 'reservation_expired')
      )
        return null;
      const held = await this.inventory.reserve(line.sku, cart.cart_id, line.quantity);
      if (held.ok) await this.inventory.commit(line.sku, cart.cart_id, orderId);
      return null;
    } catch {
      return { ok: false, reason: 'inventory_unavailable', sku: line.sku };
    }
  }

  /** The payment was declined or cancelled: the stock goes back and the cart is open again. */
  private async declined(row: CheckoutRow, payment: PaymentState): Promise<CartRefusal> {
    const released = await this.releaseLines();
    if (released) return released;
    if (this.ports.checkout) await this.releaseCodes(this.ports.checkout, row);
    this.keepCheckout({ ...row, status: 'failed', client_secret: null });
    return {
      ok: false,
      reason: 'payment_declined',
      code: payment.failure?.code ?? 'payment_canceled',
      message: payment.failure?.message ?? 'The payment was cancelled.',
    };
  }

  private async refundAndReopen(
    ports: CheckoutPorts,
    row: CheckoutRow,
    payment: PaymentState,
    cause: RefundedPaymentRecord['reason'] & ('stock_unavailable' | 'promotion_refused' | 'amount_mismatch'),
    detail: string,
  ): Promise<CartRefusal> {
    const cart = this.cartRow();
    if (!cart) return { ok: false, reason: 'not_found' };
    const refunded = await this.refund(ports, { cartId: cart.cart_id, payment, reason: cause });
    if (refunded) return refunded;
    const released = await this.releaseLines();
    if (released) return released;
    await this.releaseCodes(ports, row);
    this.keepCheckout({ ...row, status: 'failed', client_secret: null });
    return { ok: false, reason: 'order_refunded', cause, detail };
  }

  /** Refunds a payment in full and records it, both once per payment however often asked. */
  private async refund(ports: CheckoutPorts, record: RefundedPaymentRecord): Promise<CartRefusal | null> {
    try {
      await ports.payments.refund(record.payment.id, `refund:${record.payment.id}`);
    } catch {
      return { ok: false, reason: 'payments_unavailable' };
    }
    try {
      await ports.orders.recordRefund(record);
    } catch {
      return { ok: false, reason: 'orders_unavailable' };
    }
    return null;
  }

  /**
   * Holds a use of each code that takes something off, for as long as the stock is held: the
   * payment is opened for the discounted total only if the code has a use left (ADR 29). A code
   * used up meanwhile is refused before anything is charged.
   */
  private async holdCodes(
    ports: CheckoutPorts,
    cart: CartRow,
    discounting: readonly { promotionId: string; code: string }[],
    earlier: CheckoutRow | null,
  ): Promise<CartRefusal | null> {
    // Nothing to hold and nothing held before: no round trip to the system of record.
    if (discounting.length === 0 && (earlier === null || earlier.promotions === '[]')) return null;
    let refused: string[];
    try {
      refused = await ports.orders.holdPromotions(
        cart.cart_id,
        discounting.map((promotion) => promotion.promotionId),
        this.clock.now() + (this.settings.promotionHoldMs ?? 15 * 60 * 1000),
      );
    } catch {
      return { ok: false, reason: 'orders_unavailable' };
    }
    const first = discounting.find((promotion) => refused.includes(promotion.promotionId));
    if (!first) return null;
    return {
      ok: false,
      reason: 'promotion_refused',
      code: first.code,
      refusal: 'promotion_exhausted',
      detail: `${first.code} has been used as many times as it may be; remove it to check out`,
    };
  }

  /** Gives back the codes' uses the checkout held; a lapsed hold is given back by the cron anyway. */
  private async releaseCodes(ports: CheckoutPorts, row: CheckoutRow): Promise<void> {
    if (row.promotions === '[]') return;
    try {
      await ports.orders.releasePromotions(this.cartRow()?.cart_id ?? '');
    } catch {
      // The hold lapses with its deadline and the every-minute cron gives the use back.
    }
  }

  /** Lets go of every line's stock; the lines stay, shown as no longer reserved. */
  private async releaseLines(): Promise<CartRefusal | null> {
    for (const line of this.lines()) {
      const refusal = await this.release(line.sku);
      if (refusal) return refusal;
    }
    this.write(() => this.storage.exec('UPDATE cart_lines SET reserved_until = 0'), { linesOnly: true });
    return null;
  }

  /** Reserves every line again for a full hold: checkout gives the shopper the whole TTL to pay. */
  private async reserveLines(cart: CartRow): Promise<CartRefusal | null> {
    // Each SKU is its own object: their holds are taken at once, then read in line order.
    const lines = this.lines();
    const holds = await Promise.all(
      lines.map((line) => this.inventory.reserve(line.sku, cart.cart_id, line.quantity).catch(() => null)),
    );
    let refusal: CartRefusal | null = null;
    for (const [index, line] of lines.entries()) {
      const held = holds[index];
      if (held === undefined || held === null) {
        refusal ??= { ok: false, reason: 'inventory_unavailable', sku: line.sku };
      } else if (!held.ok) {
        refusal ??=
          held.reason === 'insufficient_stock'
            ? {
                ok: false,
                reason: 'insufficient_stock',
                variantId: line.variant_id,
                sku: line.sku,
                requested: line.quantity,
                available: held.available,
              }
            : { ok: false, reason: 'line_unavailable', lineId: line.id, variantId: line.variant_id };
      } else {
        // The hold's new end, without a new cart version: what the cart holds did not change.
        this.storage.exec('UPDATE cart_lines SET reserved_until = ? WHERE id = ?', held.expiresAt, line.id);
      }
    }
    this.known.lines = undefined;
    return refusal;
  }

  /** Sets the checkout's address and rate where given; answers the billing address as JSON. */
  private async applyCheckoutDetails(
    cart: CartRow,
    details: CheckoutDetails,
  ): Promise<{ ok: true; billing: string } | CartRefusal> {
    let shipping = cart.shipping_address;
    if (details.shippingAddress !== undefined) {
      const shipTo = this.shipTo(cart, details.shippingAddress);
      if (!shipTo.ok) return shipTo;
      shipping = shipTo.address;
      if (shipping !== cart.shipping_address)
        this.write(() =>
          this.storage.exec('UPDATE cart SET shipping_address = ? WHERE id = 1', shipTo.address),
        );
    }
    if (shipping === null) return { ok: false, reason: 'checkout_incomplete', missing: ['shipping_address'] };
    let billing = shipping;
    if (details.billingAddress !== undefined) {
      const validated = validateAddress(details.billingAddress);
      if (!validated.ok)
        return {
          ok: false,
          reason: 'invalid_address',
          errors: validated.errors.map((error) => ({ ...error, path: `billingAddress.${error.path}` })),
        };
      billing = JSON.stringify(validated.address);
    }
    if (details.shippingMethod !== undefined) {
      const current = this.cartRow();
      if (!current) return { ok: false, reason: 'not_found' };
      if (current.shipping_method !== details.shippingMethod) {
        const rateId = details.shippingMethod;
        const unoffered = await this.unofferedRate(current, rateId);
        if (unoffered) return unoffered;
        this.write(() => this.storage.exec('UPDATE cart SET shipping_method = ? WHERE id = 1', rateId));
      }
    }
    return { ok: true, billing };
  }

  /** The address validated for its country and served by the cart's market, as the cart stores it. */
  private shipTo(cart: CartRow, input: unknown): { ok: true; address: string } | CartRefusal {
    const validated = validateAddress(input);
    if (!validated.ok) return { ok: false, reason: 'invalid_address', errors: validated.errors };
    const countries = JSON.parse(cart.countries) as string[];
    const { country } = validated.address;
    if (!countries.includes(country)) return { ok: false, reason: 'country_not_served', country, countries };
    return { ok: true, address: JSON.stringify(validated.address) };
  }

  /** The refusal of a rate the cart is not offered now (by its address, goods and weight), if it is not. */
  private async unofferedRate(cart: CartRow, rateId: string): Promise<CartRefusal | null> {
    const priced = await this.priced(cart);
    if (!priced.ok) return priced;
    if (priced.rates.some((rate) => rate.id === rateId)) return null;
    return {
      ok: false,
      reason: 'shipping_method_unavailable',
      rateId,
      offered: priced.rates.map((rate) => rate.id),
    };
  }

  /** Why the priced cart cannot be paid for yet, if it cannot. */
  private unreadyForCheckout(view: CartView): CartRefusal | null {
    const unavailable = view.lines.find((line) => line.availability.status === 'unavailable');
    if (unavailable)
      return {
        ok: false,
        reason: 'line_unavailable',
        lineId: unavailable.id,
        variantId: unavailable.variantId,
      };
    const missing: ('lines' | 'shipping_address' | 'shipping_method')[] = [];
    if (view.lines.length === 0) missing.push('lines');
    if (view.shippingAddress === null) missing.push('shipping_address');
    if (view.shippingMethod === null) missing.push('shipping_method');
    return missing.length > 0 ? { ok: false, reason: 'checkout_incomplete', missing } : null;
  }

  /**
   * A change to a cart with a payment open cancels that payment first (a new checkout opens a
   * new one for the cart as changed). A payment that succeeded or is settling cannot be
   * cancelled: the cart is being paid for, and stays as it was.
   */
  private async letOpenPaymentGo(): Promise<CartRefusal | null> {
    const row = this.checkoutRow();
    if (row?.status !== 'awaiting_payment') return null;
    const ports = this.ports.checkout;
    if (!ports) return null;
    return this.cancelPayment(ports, row);
  }

  /** `keepCodes`: a new checkout follows at once and holds the codes again, so they stay held. */
  private async cancelPayment(
    ports: CheckoutPorts,
    row: CheckoutRow,
    { keepCodes = false } = {},
  ): Promise<CartRefusal | null> {
    let payment: PaymentState;
    try {
      payment = await ports.payments.cancel(row.payment_id);
    } catch {
      return { ok: false, reason: 'payments_unavailable' };
    }
    if (
      payment.status === 'succeeded' ||
      payment.status === 'processing' ||
      payment.status === 'requires_capture'
    )
      return { ok: false, reason: 'payment_in_progress' };
    this.keepCheckout({ ...row, status: 'cancelled', client_secret: null });
    if (!keepCodes) await this.releaseCodes(ports, row);
    return null;
  }

  private async paymentOf(ports: CheckoutPorts, paymentId: string): Promise<PaymentState | null> {
    try {
      return await ports.payments.retrieve(paymentId);
    } catch {
      return null;
    }
  }

  /** A completion's outcome as a checkout's answer. */
  private asCheckout(outcome: CompleteOutcome): CheckoutOutcome {
    if (!outcome.ok) return outcome;
    const row = this.checkoutRow();
    if (!row) throw new Error('a completed checkout has its row');
    return { ok: true, checkout: checkoutViewOf(row, null) };
  }

  private closed(cart: CartRow): CartRefusal {
    const merged = this.mergedInto();
    const order = cart.status === 'completed' ? this.checkoutRow()?.order_id : undefined;
    return {
      ok: false,
      reason: 'cart_closed',
      status: cart.status,
      ...(merged ? { mergedInto: merged } : {}),
      ...(order ? { orderId: order } : {}),
    };
  }

  private checkoutRow(): CheckoutRow | null {
    if (!this.tablesReady) return null;
    if (this.knownCheckout === undefined) {
      this.knownCheckout =
        this.storage.exec<CheckoutRow>(
          `SELECT attempt, status, payment_id, client_secret, amount, cart_version, email, billing_address, priced,
             promotions, order_id, order_token, order_number, order_status FROM cart_checkout WHERE id = 1`,
        )[0] ?? null;
    }
    return this.knownCheckout;
  }

  private keepCheckout(row: CheckoutRow): void {
    this.knownCheckout = undefined;
    this.writeCheckout(row);
    this.knownCheckout = row;
  }

  private writeCheckout(row: CheckoutRow): void {
    this.storage.exec(
      `INSERT OR REPLACE INTO cart_checkout (id, attempt, status, payment_id, client_secret, amount, cart_version,
         email, billing_address, priced, promotions, order_id, order_token, order_number, order_status, updated_at)
       VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      row.attempt,
      row.status,
      row.payment_id,
      row.client_secret,
      row.amount,
      row.cart_version,
      row.email,
      row.billing_address,
      row.priced,
      row.promotions,
      row.order_id,
      row.order_token,
      row.order_number,
      row.order_status,
      this.clock.now(),
    );
  }

  private change(
    caller: CartCaller,
    precondition: CartPrecondition,
    request: IdempotentRequest | undefined,
    work: (cart: CartRow) => Promise<CartRefusal | null>,
  ): Promise<CartOutcome> {
    return this.queue.run(async () => {
      const cart = await this.authorised(caller);
      if (!cart) return { ok: false, reason: 'not_found' };
      if (request) {
        const earlier = this.recordedAnswer(request);
        if (earlier) return earlier;
      }
      if (cart.status === 'open') {
        const paying = await this.letOpenPaymentGo();
        if (paying) return paying;
      }
      const outcome = await this.attempt(cart, precondition, work);
      if (request && isFinal(outcome)) this.recordAnswer(request, outcome);
      return outcome;
    });
  }

  private async attempt(
    cart: CartRow,
    precondition: CartPrecondition,
    work: (cart: CartRow) => Promise<CartRefusal | null>,
  ): Promise<CartOutcome> {
    if (cart.status !== 'open') return this.closed(cart);
    if (precondition !== null) {
      const current = await this.answer();
      if (!current.ok) return current;
      if (!precondition.includes(current.etag)) return { ok: false, reason: 'precondition_failed' };
    }
    const refusal = await work(cart);
    if (refusal) return refusal;
    return this.answer();
  }

  /** The answer recorded for the key, replayed; a refusal if the key named another request. */
  private recordedAnswer(request: IdempotentRequest): CartOutcome | undefined {
    const [row] = this.storage.exec<{ fingerprint: string; outcome: string }>(
      'SELECT fingerprint, outcome FROM cart_idempotency WHERE key = ? AND recorded_at > ?',
      request.key,
      this.clock.now() - KEPT_ANSWERS_MS,
    );
    if (!row) return undefined;
    if (row.fingerprint !== request.fingerprint) return { ok: false, reason: 'idempotency_key_reused' };
    // Recorded without its JSON text (`recordAnswer`), as answers recorded before it existed were.
    const outcome = JSON.parse(row.outcome) as Omit<CartAnswer, 'body'> | CartRefusal;
    return outcome.ok ? { ...outcome, body: JSON.stringify(outcome.cart), replayed: true } : outcome;
  }

  private recordAnswer(request: IdempotentRequest, outcome: CartOutcome): void {
    const now = this.clock.now();
    this.storage.transaction(() => {
      this.storage.exec('DELETE FROM cart_idempotency WHERE recorded_at <= ?', now - KEPT_ANSWERS_MS);
      this.storage.exec(
        'INSERT OR REPLACE INTO cart_idempotency (key, fingerprint, outcome, recorded_at) VALUES (?, ?, ?, ?)',
        request.key,
        request.fingerprint,
        // The cart once, not twice: its JSON text is made again from it on a replay.
        JSON.stringify(outcome.ok ? { ...outcome, body: undefined } : outcome),
        now,
      );
    });
  }

  /** One merged line (`absorb`): its stock moved over, its quantity added, or let go. */
  private async absorbLine(
    cart: CartRow,
    sourceCartId: string,
    handed: HandedOverLine,
  ): Promise<CartRefusal | null> {
    const done = this.storage.exec(
      'SELECT 1 AS done FROM cart_merged_lines WHERE source_cart_id = ? AND variant_id = ?',
      sourceCartId,
      handed.variantId,
    );
    if (done.length > 0) return null;
    const line = this.lineOfVariant(handed.variantId);
    const variant = await this.sellable(handed.variantId, cart.currency);
    if (variant.ok === false && variant.reason === 'catalog_unavailable') return variant;
    const room = line !== undefined || this.lines().length < MAX_CART_LINES;
    const wanted = Math.min((line?.quantity ?? 0) + handed.quantity, MAX_LINE_QUANTITY);
    const markDone = () =>
      this.storage.exec(
        'INSERT INTO cart_merged_lines (source_cart_id, variant_id, merged_at) VALUES (?, ?, ?)',
        sourceCartId,
        handed.variantId,
        this.clock.now(),
      );
    if (!variant.ok || !room || variant.variant.sku !== handed.sku) {
      // Not kept: the merged cart's hold on it goes.
      try {
        await this.inventory.release(handed.sku, sourceCartId);
      } catch {
        return { ok: false, reason: 'inventory_unavailable', sku: handed.sku };
      }
      this.write(markDone);
      return null;
    }
    let moved: Awaited<ReturnType<CartInventory['transfer']>>;
    try {
      moved = await this.inventory.transfer(handed.sku, sourceCartId, cart.cart_id, wanted);
    } catch {
      return { ok: false, reason: 'inventory_unavailable', sku: handed.sku };
    }
    if (!moved.ok)
      return { ok: false, reason: 'variant_unavailable', variantId: handed.variantId, sku: handed.sku };
    const quantity = Math.max(moved.quantity, line?.quantity ?? 0);
    if (quantity === 0) {
      this.write(markDone);
      return null;
    }
    this.writeLine(
      variant.variant,
      line,
      quantity,
      {
        expiresAt: moved.quantity > 0 ? moved.expiresAt : 0,
        beyondStock: moved.availableToSell < 0,
      },
      markDone,
    );
    return null;
  }

  /** Reserves `quantity` of the variant's SKU for the cart, then keeps the line at the catalog's price. */
  private async setLine(
    cart: CartRow,
    variant: CatalogVariant,
    line: LineRow | undefined,
    quantity: number,
  ): Promise<CartRefusal | null> {
    const reserved = await this.reserve(variant, cart.cart_id, quantity);
    if (!reserved.ok) return reserved;
    // The PIM moved the variant to another SKU since the line was added: let the old one go.
    if (line && line.sku !== variant.sku) await this.release(line.sku);
    this.writeLine(variant, line, quantity, reserved);
    return null;
  }

  /** Keeps the line of `variant` at `quantity`, with the catalog's facts and its reservation. */
  private writeLine(
    variant: CatalogVariant,
    line: LineRow | undefined,
    quantity: number,
    reserved: { expiresAt: number; beyondStock: boolean },
    alongside: () => void = () => {},
  ): void {
    const now = this.clock.now();
    // One line per variant: a new line takes the next position, an existing one keeps its id,
    // position and age and takes the catalog's facts and the new quantity.
    const position =
      line?.position ?? this.lines().reduce((last, held) => Math.max(last, held.position), 0) + 1;
    this.write(
      () => {
        this.storage.exec(
          `INSERT INTO cart_lines (id, variant_id, sku, product_id, product_handle, product_title, variant_title,
           quantity, unit_price, reserved_until, weight_grams, beyond_stock, position, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (variant_id) DO UPDATE SET sku = excluded.sku, product_id = excluded.product_id,
           product_handle = excluded.product_handle, product_title = excluded.product_title,
           variant_title = excluded.variant_title, quantity = excluded.quantity, unit_price = excluded.unit_price,
           reserved_until = excluded.reserved_until, weight_grams = excluded.weight_grams,
           beyond_stock = excluded.beyond_stock`,
          line?.id ?? newId('cartLine', now),
          variant.id,
          variant.sku,
          variant.productId,
          variant.productHandle,
          variant.productTitle,
          variant.title,
          quantity,
          variant.price ?? 0,
          reserved.expiresAt,
          variant.weightGrams ?? 0,
          reserved.beyondStock ? 1 : 0,
          position,
          now,
        );
        alongside();
      },
      { linesOnly: true },
    );
  }

  /** Lowers a line without asking the catalog: less stock always fits. */
  private async lowerLine(cart: CartRow, line: LineRow, quantity: number): Promise<CartRefusal | null> {
    let outcome: Awaited<ReturnType<CartInventory['reserve']>>;
    try {
      outcome = await this.inventory.reserve(line.sku, cart.cart_id, quantity);
    } catch {
      return { ok: false, reason: 'inventory_unavailable', sku: line.sku };
    }
    // Lowering a live reservation always fits; a lapsed one may not any more. Either way the
    // line becomes smaller, and shows whether stock is held for it.
    const reservedUntil = outcome.ok ? outcome.expiresAt : 0;
    this.write(
      () =>
        this.storage.exec(
          'UPDATE cart_lines SET quantity = ?, reserved_until = ? WHERE id = ?',
          quantity,
          reservedUntil,
          line.id,
        ),
      { linesOnly: true },
    );
    return null;
  }

  private async reserve(
    variant: CatalogVariant,
    cartId: string,
    quantity: number,
  ): Promise<{ ok: true; expiresAt: number; beyondStock: boolean } | CartRefusal> {
    let outcome: Awaited<ReturnType<CartInventory['reserve']>>;
    try {
      outcome = await this.inventory.reserve(variant.sku, cartId, quantity);
    } catch {
      return { ok: false, reason: 'inventory_unavailable', sku: variant.sku };
    }
    if (outcome.ok)
      return { ok: true, expiresAt: outcome.expiresAt, beyondStock: outcome.availableToSell < 0 };
    if (outcome.reason === 'insufficient_stock') {
      return {
        ok: false,
        reason: 'insufficient_stock',
        variantId: variant.id,
        sku: variant.sku,
        requested: quantity,
        available: outcome.available,
      };
    }
    // The SKU or the cart id is not one the inventory takes: no line can hold it.
    return { ok: false, reason: 'variant_unavailable', variantId: variant.id, sku: variant.sku };
  }

  private async release(sku: string): Promise<CartRefusal | null> {
    const cart = this.cartRow();
    if (!cart) return { ok: false, reason: 'not_found' };
    try {
      await this.inventory.release(sku, cart.cart_id);
      return null;
    } catch {
      return { ok: false, reason: 'inventory_unavailable', sku };
    }
  }

  /** The variant if the cart may take more of it: known, sold, and priced in the cart's currency. */
  private async sellable(
    variantId: string,
    currency: string,
  ): Promise<{ ok: true; variant: CatalogVariant } | CartRefusal> {
    let variant: CatalogVariant | null;
    try {
      variant = await this.ports.catalog.variant(variantId, currency);
    } catch {
      return { ok: false, reason: 'catalog_unavailable' };
    }
    if (!variant) return { ok: false, reason: 'unknown_variant', variantId };
    if (!variant.sellable) return { ok: false, reason: 'variant_unavailable', variantId, sku: variant.sku };
    if (variant.price === null) return { ok: false, reason: 'variant_not_priced', variantId, currency };
    return { ok: true, variant };
  }

  /** The cart, priced with the catalog's prices now, and its ETag. */
  private async answer(): Promise<CartAnswer | CartRefusal> {
    const cart = this.cartRow();
    if (!cart) return { ok: false, reason: 'not_found' };
    const priced = await this.priced(cart);
    if (!priced.ok) return priced;
    const body = JSON.stringify(priced.view);
    return { ok: true, cart: priced.view, body, etag: await entityTagOf(body) };
  }

  private async priced(cart: CartRow) {
    const lines = this.lines();
    const variants = new Map<string, CatalogVariant | null>();
    try {
      const found = await Promise.all(
        lines.map((line) => this.ports.catalog.variant(line.variant_id, cart.currency)),
      );
      for (const [index, line] of lines.entries()) variants.set(line.variant_id, found[index] ?? null);
    } catch {
      return { ok: false as const, reason: 'catalog_unavailable' as const };
    }
    const priced = priceCart({
      cart,
      lines,
      variants,
      promotions: this.promotions(),
      now: this.clock.now(),
      tax: this.ports.tax,
      shipping: this.ports.shipping,
    });
    return { ok: true as const, ...priced };
  }

  private promotions(): Promotion[] {
    this.known.promotions ??= this.storage
      .exec<{ promotion: string }>('SELECT promotion FROM cart_promotions ORDER BY applied_at, promotion_id')
      .map((row) => JSON.parse(row.promotion) as Promotion);
    return this.known.promotions;
  }

  /**
   * The cart if the caller may use it: the holder of its token, or the customer who claimed it.
   * Null for a wrong token, another customer and no cart alike.
   */
  private async authorised(caller: CartCaller): Promise<CartRow | null> {
    const cart = this.cartRow();
    if (!cart) return null;
    if ('customerId' in caller) return this.claim()?.customer_id === caller.customerId ? cart : null;
    const { token } = caller;
    // Both comparisons take the same time wherever the strings differ.
    if (this.verifiedToken !== undefined && digestsEqual(token, this.verifiedToken)) return cart;
    if (!digestsEqual(await hashCartToken(token), cart.token_hash)) return null;
    this.verifiedToken = token;
    return cart;
  }

  /**
   * Applies a change, counts a new version and starts a new idle period. The lines and the cart
   * row as the transaction leaves them are what the answer shows: once it commits they are known
   * without reading them again. `linesOnly`: the change wrote nothing but `cart_lines` (and
   * tables no read here keeps), so the applied codes are still as last read.
   */
  private write(change: () => void, { linesOnly = false } = {}): void {
    const now = this.clock.now();
    // A change to the lines alone leaves the applied codes as they were read.
    const promotions = linesOnly ? this.known.promotions : undefined;
    this.known = {};
    try {
      this.storage.transaction(() => {
        change();
        this.known = promotions ? { promotions } : {};
        const abandonAt = this.lines().length > 0 ? now + this.settings.abandonAfterMs : null;
        this.known.cart = this.storage.exec<CartRow>(
          `UPDATE cart SET version = version + 1, updated_at = ?, abandon_at = ? WHERE id = 1 RETURNING ${CART_COLUMNS}`,
          now,
          abandonAt,
        )[0];
        this.armAbandonment(abandonAt);
      });
    } catch (error) {
      // Rolled back, the alarm's write with it: what is set is no longer known, nor what was read.
      this.alarmAt = undefined;
      this.known = {};
      throw error;
    }
  }

  /** Sets the sweep after `tries` earlier ones, or ends the sweeping when there are no more. */
  private scheduleSweep(tries: number): void {
    const at = nextSweepAt(this.clock.now(), tries);
    if (at === null) {
      this.storage.exec('DELETE FROM cart_checkout_sweep');
      return;
    }
    this.storage.exec(
      'INSERT OR REPLACE INTO cart_checkout_sweep (id, due_at, tries) VALUES (1, ?, ?)',
      at,
      tries,
    );
    this.armAlarmBy(at);
  }

  /** Leaves the one alarm set for `at` at the latest: one set earlier stays, and re-arms when it fires. */
  private armAlarmBy(at: number): void {
    if (this.alarmAt === undefined || this.alarmAt === null || this.alarmAt > at) {
      this.storage.setAlarm(at);
      this.alarmAt = at;
    }
  }

  /**
   * Leaves an alarm set for the idle deadline. One already set for earlier stays: it fires, finds
   * the cart changed since, and re-arms for the deadline then (`abandon`), so a busy cart sets its
   * alarm about once per idle period rather than on every change.
   */
  private armAbandonment(abandonAt: number | null): void {
    if (abandonAt === null) {
      // The alarm may still be the checkout sweep's: leave it, it re-arms or ends by itself.
      if (this.alarmAt !== null && !this.sweepPending()) this.storage.deleteAlarm();
    } else if (this.alarmAt === undefined || this.alarmAt === null || this.alarmAt > abandonAt) {
      this.storage.setAlarm(abandonAt);
    } else {
      return;
    }
    this.alarmAt = abandonAt;
  }

  /** An open cart whose payment nobody has settled yet. */
  private awaitsPayment(): boolean {
    return this.cartRow()?.status === 'open' && this.checkoutRow()?.status === 'awaiting_payment';
  }

  private sweepPending(): boolean {
    return this.storage.exec('SELECT 1 FROM cart_checkout_sweep WHERE id = 1').length > 0;
  }

  private cartRow(): CartRow | undefined {
    if (!this.tablesReady) return undefined;
    this.known.cart ??= this.storage.exec<CartRow>(`SELECT ${CART_COLUMNS} FROM cart WHERE id = 1`)[0];
    return this.known.cart;
  }

  private claim(): ClaimRow | undefined {
    return this.storage.exec<ClaimRow>(
      'SELECT customer_id, claimed_at, merged_into FROM cart_claim WHERE id = 1',
    )[0];
  }

  /** The cart that took this one's lines, if it was merged. */
  private mergedInto(): string | undefined {
    return this.claim()?.merged_into ?? undefined;
  }

  private claimRow(customerId: string, mergedInto: string | null): void {
    this.storage.exec(
      `INSERT INTO cart_claim (id, customer_id, claimed_at, merged_into) VALUES (1, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET merged_into = excluded.merged_into`,
      customerId,
      this.clock.now(),
      mergedInto,
    );
  }

  private lines(): LineRow[] {
    this.known.lines ??= this.storage.exec<LineRow>(
      `SELECT ${LINE_COLUMNS} FROM cart_lines ORDER BY position`,
    );
    return this.known.lines;
  }

  private line(lineId: string): LineRow | undefined {
    return this.lines().find((line) => line.id === lineId);
  }

  private lineOfVariant(variantId: string): LineRow | undefined {
    return this.lines().find((line) => line.variant_id === variantId);
  }
}
