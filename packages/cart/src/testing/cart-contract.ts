import type { ManualClock } from '@edge-commerce/inventory/testing';
import { describe, expect, it } from 'vitest';
import type { CartLedger } from '../ledger';
import type { CartAnswer, CartCaller, CartOutcome } from '../outcomes';
import { MAX_LINE_QUANTITY } from '../quantities';
import type { TestCatalog } from './test-catalog';

export interface CartHarness {
  /** A ledger over fresh, empty storage, with the test catalog and the host's inventory. */
  ledger: CartLedger;
  clock: ManualClock;
  catalog: TestCatalog;
  /** A SKU name unique to this case (objects of a host outlive a case). */
  sku(name: string): string;
  /** Records `onHand` of the SKU in the inventory. */
  stock(sku: string, onHand: number): Promise<void>;
  /** What the inventory holds reserved of the SKU, over every cart. */
  reserved(sku: string): Promise<number>;
  /** The alarm as the host holds it (epoch ms), or null. */
  alarmAt(): Promise<number | null>;
  /** Does what the host does when the alarm fires. */
  fireAlarm(): Promise<void>;
  /** Whether the host's storage holds any table at all. */
  storesAnything(): Promise<boolean>;
}

export type RunWithCart = (body: (harness: CartHarness) => Promise<void>) => Promise<void>;

const HOUR = 60 * 60 * 1000;

function answered(outcome: CartOutcome): CartAnswer {
  if (!outcome.ok) throw new Error(`expected a cart, got ${JSON.stringify(outcome)}`);
  return outcome;
}

async function openCart(harness: CartHarness): Promise<CartCaller> {
  const created = await harness.ledger.create({
    cartId: `cart_${crypto.randomUUID().replaceAll('-', '')}`,
    currency: 'USD',
    market: 'us',
    pricesIncludeTax: false,
    countries: ['US'],
  });
  if (!created.ok) throw new Error(`create failed: ${created.reason}`);
  return { token: created.token };
}

/** A variant of a fresh SKU with `onHand` in stock, priced `price` in USD. */
async function stockedVariant(harness: CartHarness, name: string, onHand: number, price = 1_000) {
  const sku = harness.sku(name);
  const variant = harness.catalog.put({ id: `var_${sku.toLowerCase().replaceAll('-', '')}`, sku, price });
  await harness.stock(sku, onHand);
  return variant;
}

/**
 * What every host of the cart ledger must show: the same cases run in Node over node:sqlite
 * (with InventoryLedgers as the inventory) and in workerd over a Durable Object's storage (with
 * the real InventoryObjects).
 */
export function describeCartLedger(host: string, run: RunWithCart): void {
  describe(`CartLedger on ${host}`, () => {
    it('shows the token once, at creation, and answers a wrong token as if there were no cart', () =>
      run(async (harness) => {
        const created = await harness.ledger.create({
          cartId: 'cart_contract',
          currency: 'USD',
          market: 'us',
          pricesIncludeTax: false,
          countries: ['US'],
        });
        if (!created.ok) throw new Error(created.reason);
        expect(created.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
        expect(created.cart).toMatchObject({
          id: 'cart_contract',
          status: 'open',
          currency: 'USD',
          lines: [],
        });
        const read = answered(await harness.ledger.read({ token: created.token }));
        expect(read).not.toHaveProperty('token');
        expect(read.etag).toBe(created.etag);
        expect(await harness.ledger.read({ token: `${created.token.slice(0, -1)}x` })).toEqual({
          ok: false,
          reason: 'not_found',
        });
        expect(await harness.ledger.read({ token: '' })).toEqual({ ok: false, reason: 'not_found' });
        expect(
          await harness.ledger.create({
            cartId: 'cart_again',
            currency: 'USD',
            market: 'us',
            pricesIncludeTax: false,
            countries: ['US'],
          }),
        ).toEqual({ ok: false, reason: 'cart_exists' });
      }));

    it('stores nothing when asked for a cart that was never created', () =>
      run(async (harness) => {
        expect(await harness.ledger.read({ token: 'any-token' })).toEqual({ ok: false, reason: 'not_found' });
        expect(await harness.ledger.addLine({ token: 'any-token' }, 'var_x', 1, null)).toEqual({
          ok: false,
          reason: 'not_found',
        });
        expect(await harness.storesAnything()).toBe(false);
      }));

    it('reserves what a line holds, and adding a variant again raises its one line', () =>
      run(async (harness) => {
        const token = await openCart(harness);
        const shirt = await stockedVariant(harness, 'SHIRT', 10, 2_500);
        const first = answered(await harness.ledger.addLine(token, shirt.id, 2, null));
        expect(first.cart.lines).toHaveLength(1);
        expect(await harness.reserved(shirt.sku)).toBe(2);
        const second = answered(await harness.ledger.addLine(token, shirt.id, 3, null));
        expect(second.cart.lines).toHaveLength(1);
        expect(second.cart.lines[0]).toMatchObject({
          id: first.cart.lines[0]?.id,
          quantity: 5,
          unitPrice: { amount: 2_500, currency: 'USD' },
          subtotal: { amount: 12_500, currency: 'USD' },
          availability: { status: 'reserved' },
        });
        expect(second.cart.totals.subtotal).toEqual({ amount: 12_500, currency: 'USD' });
        expect(second.cart.itemCount).toBe(5);
        expect(await harness.reserved(shirt.sku)).toBe(5);
        expect(second.etag).not.toBe(first.etag);
      }));

    it('refuses more than the stock, naming the SKU and what the cart could have, and changes nothing', () =>
      run(async (harness) => {
        const token = await openCart(harness);
        const mug = await stockedVariant(harness, 'MUG', 3);
        answered(await harness.ledger.addLine(token, mug.id, 2, null));
        const before = answered(await harness.ledger.read(token));
        expect(await harness.ledger.addLine(token, mug.id, 2, null)).toEqual({
          ok: false,
          reason: 'insufficient_stock',
          variantId: mug.id,
          sku: mug.sku,
          requested: 4,
          available: 3,
        });
        const after = answered(await harness.ledger.read(token));
        expect(after.etag).toBe(before.etag);
        expect(await harness.reserved(mug.sku)).toBe(2);
      }));

    it('sets a line quantity up within stock and down always, and removing a line releases it', () =>
      run(async (harness) => {
        const token = await openCart(harness);
        const cap = await stockedVariant(harness, 'CAP', 4);
        const lineId = answered(await harness.ledger.addLine(token, cap.id, 1, null)).cart.lines[0]?.id ?? '';
        expect(
          answered(await harness.ledger.changeLine(token, lineId, 4, null)).cart.lines[0]?.quantity,
        ).toBe(4);
        expect(await harness.ledger.changeLine(token, lineId, 5, null)).toMatchObject({
          ok: false,
          reason: 'insufficient_stock',
          available: 4,
        });
        // The variant leaves the catalog: lowering still works, raising does not.
        harness.catalog.update(cap.id, { sellable: false });
        expect(
          answered(await harness.ledger.changeLine(token, lineId, 2, null)).cart.lines[0]?.quantity,
        ).toBe(2);
        expect(await harness.reserved(cap.sku)).toBe(2);
        expect(await harness.ledger.changeLine(token, lineId, 3, null)).toMatchObject({
          ok: false,
          reason: 'variant_unavailable',
        });
        const removed = answered(await harness.ledger.removeLine(token, lineId, null));
        expect(removed.cart.lines).toEqual([]);
        expect(await harness.reserved(cap.sku)).toBe(0);
        expect(await harness.ledger.removeLine(token, lineId, null)).toEqual({
          ok: false,
          reason: 'line_not_found',
          lineId,
        });
        expect(await harness.ledger.changeLine(token, 'line_unknown', 1, null)).toMatchObject({
          reason: 'line_not_found',
        });
      }));

    it('prices from the catalog now, shows a changed price, and leaves unavailable lines out of the totals', () =>
      run(async (harness) => {
        const token = await openCart(harness);
        const tee = await stockedVariant(harness, 'TEE', 5, 1_500);
        const bag = await stockedVariant(harness, 'BAG', 5, 4_000);
        answered(await harness.ledger.addLine(token, tee.id, 2, null));
        answered(await harness.ledger.addLine(token, bag.id, 1, null));
        harness.catalog.update(tee.id, { price: 1_200 });
        harness.catalog.update(bag.id, { sellable: false });
        const cart = answered(await harness.ledger.read(token)).cart;
        expect(cart.lines[0]).toMatchObject({
          unitPrice: { amount: 1_200 },
          previousUnitPrice: { amount: 1_500 },
          subtotal: { amount: 2_400 },
          availability: { status: 'reserved' },
        });
        expect(cart.lines[1]).toMatchObject({
          previousUnitPrice: null,
          availability: { status: 'unavailable', reservedUntil: null },
        });
        expect(cart.totals).toMatchObject({ subtotal: { amount: 2_400 }, grandTotal: { amount: 2_400 } });
        expect(cart.itemCount).toBe(2);
        // Changing the line takes the new price as the one the shopper saw.
        const changed = answered(await harness.ledger.changeLine(token, cart.lines[0]?.id ?? '', 3, null));
        expect(changed.cart.lines[0]).toMatchObject({
          unitPrice: { amount: 1_200 },
          previousUnitPrice: null,
        });
      }));

    it('refuses unknown, unsellable and unpriced variants and quantities past the line limit', () =>
      run(async (harness) => {
        const token = await openCart(harness);
        const hat = await stockedVariant(harness, 'HAT', 50_000);
        expect(await harness.ledger.addLine(token, 'var_nothing', 1, null)).toEqual({
          ok: false,
          reason: 'unknown_variant',
          variantId: 'var_nothing',
        });
        harness.catalog.update(hat.id, { price: null });
        expect(await harness.ledger.addLine(token, hat.id, 1, null)).toMatchObject({
          reason: 'variant_not_priced',
        });
        harness.catalog.update(hat.id, { price: 900, sellable: false });
        expect(await harness.ledger.addLine(token, hat.id, 1, null)).toMatchObject({
          reason: 'variant_unavailable',
        });
        harness.catalog.update(hat.id, { sellable: true });
        answered(await harness.ledger.addLine(token, hat.id, MAX_LINE_QUANTITY, null));
        expect(await harness.ledger.addLine(token, hat.id, 1, null)).toEqual({
          ok: false,
          reason: 'line_quantity_exceeded',
          variantId: hat.id,
          requested: MAX_LINE_QUANTITY + 1,
          max: MAX_LINE_QUANTITY,
        });
        expect(await harness.reserved(hat.sku)).toBe(MAX_LINE_QUANTITY);
        harness.catalog.down = true;
        expect(await harness.ledger.read(token)).toEqual({ ok: false, reason: 'catalog_unavailable' });
      }));

    it('applies a change only when If-Match names the current ETag', () =>
      run(async (harness) => {
        const token = await openCart(harness);
        const sock = await stockedVariant(harness, 'SOCK', 10);
        const tab = answered(await harness.ledger.addLine(token, sock.id, 1, null));
        const otherTab = answered(await harness.ledger.addLine(token, sock.id, 1, [tab.etag]));
        expect(await harness.ledger.addLine(token, sock.id, 5, [tab.etag])).toEqual({
          ok: false,
          reason: 'precondition_failed',
        });
        const lineId = otherTab.cart.lines[0]?.id ?? '';
        expect(await harness.ledger.removeLine(token, lineId, ['"stale"', tab.etag])).toMatchObject({
          reason: 'precondition_failed',
        });
        expect(answered(await harness.ledger.read(token)).cart.lines[0]?.quantity).toBe(2);
        expect(await harness.reserved(sock.sku)).toBe(2);
        expect(
          answered(await harness.ledger.removeLine(token, lineId, ['"stale"', otherTab.etag])).cart.lines,
        ).toEqual([]);
      }));

    it('serialises concurrent changes of one cart: twenty adds of one make a line of twenty', () =>
      run(async (harness) => {
        const token = await openCart(harness);
        const pen = await stockedVariant(harness, 'PEN', 100);
        const outcomes = await Promise.all(
          Array.from({ length: 20 }, () => harness.ledger.addLine(token, pen.id, 1, null)),
        );
        expect(outcomes.every((outcome) => outcome.ok)).toBe(true);
        const cart = answered(await harness.ledger.read(token)).cart;
        expect(cart.lines).toHaveLength(1);
        expect(cart.lines[0]?.quantity).toBe(20);
        expect(await harness.reserved(pen.sku)).toBe(20);
      }));

    it('leaves an earlier alarm set on a change, which then re-arms for the new deadline', () =>
      run(async (harness) => {
        const token = await openCart(harness);
        const cup = await stockedVariant(harness, 'CUP', 10, 800);
        answered(await harness.ledger.addLine(token, cup.id, 1, null));
        const first = harness.clock.now() + HOUR;
        harness.clock.advance(HOUR / 2);
        answered(await harness.ledger.addLine(token, cup.id, 1, null));
        const second = harness.clock.now() + HOUR;
        // The busy cart does not set its alarm on every change...
        expect(await harness.alarmAt()).toBe(first);
        // ...and the early alarm finds it idle for half an hour only: nothing, and the new deadline.
        harness.clock.advance(HOUR / 2);
        await harness.fireAlarm();
        expect(harness.ledger.outbox()).toEqual([]);
        expect(await harness.alarmAt()).toBe(second);
        harness.clock.advance(HOUR / 2);
        await harness.fireAlarm();
        expect(harness.ledger.outbox()).toHaveLength(1);
      }));

    it('records CartAbandoned once per idle period, from its alarm', () =>
      run(async (harness) => {
        const token = await openCart(harness);
        expect(await harness.alarmAt()).toBeNull();
        const cup = await stockedVariant(harness, 'CUP', 10, 800);
        answered(await harness.ledger.addLine(token, cup.id, 2, null));
        const deadline = harness.clock.now() + HOUR;
        expect(await harness.alarmAt()).toBe(deadline);
        // Early: nothing recorded, the alarm set again for the deadline.
        harness.clock.advance(HOUR / 2);
        await harness.fireAlarm();
        expect(harness.ledger.outbox()).toEqual([]);
        expect(await harness.alarmAt()).toBe(deadline);
        harness.clock.advance(HOUR / 2);
        await harness.fireAlarm();
        const [event, ...rest] = harness.ledger.outbox();
        expect(rest).toEqual([]);
        expect(event).toMatchObject({
          type: 'CartAbandoned',
          version: 1,
          aggregate: { type: 'cart' },
          data: {
            currency: 'USD',
            subtotal: 1_600,
            itemCount: 2,
            lines: [{ sku: cup.sku, quantity: 2, unitPrice: 800 }],
          },
        });
        await harness.fireAlarm();
        expect(harness.ledger.outbox()).toHaveLength(1);
        // A change starts a new idle period, with an alarm again, announced when it runs out.
        const cart = answered(await harness.ledger.addLine(token, cup.id, 1, null)).cart;
        expect(await harness.alarmAt()).toBe(harness.clock.now() + HOUR);
        harness.clock.advance(HOUR);
        await harness.fireAlarm();
        expect(harness.ledger.outbox()).toHaveLength(2);
        // Emptying the cart clears the alarm: an empty cart is not abandoned.
        answered(await harness.ledger.removeLine(token, cart.lines[0]?.id ?? '', null));
        expect(await harness.alarmAt()).toBeNull();
      }));
  });
}
