import { describe, expect, it } from 'vitest';
import type { InventoryLedger } from '../ledger';
import type { ExpireOutcome } from '../outcomes';
import type { ManualClock } from './manual-clock';

export interface LedgerHarness {
  /** A ledger over fresh, empty storage, reading `clock`. */
  ledger: InventoryLedger;
  clock: ManualClock;
  /** The alarm as the host holds it (epoch ms), or null. */
  alarmAt(): Promise<number | null>;
  /** Does what the host does when the alarm fires: the alarm is spent, then `expire` runs. */
  fireAlarm(): Promise<ExpireOutcome>;
}

/** Runs `body` against a new ledger on the host under test (in its execution context). */
export type RunWithLedger = (body: (harness: LedgerHarness) => Promise<void>) => Promise<void>;

const SKU = 'TSHIRT-BLUE-M';
const MINUTE = 60_000;

function stock(harness: LedgerHarness, onHand: number, location = 'berlin'): void {
  expect(harness.ledger.recordLevel({ sku: SKU, location, onHand, sequence: 1 })).toMatchObject({ ok: true });
}

/**
 * What every host of the ledger must show: the same cases run in Node over node:sqlite and in
 * workerd over a Durable Object's own storage, so a host is only as good as its adapter.
 */
export function describeInventoryLedger(host: string, run: RunWithLedger): void {
  describe(`InventoryLedger on ${host}`, () => {
    it('hands its events over: relayed ones leave the outbox, the rest stay in order', () =>
      run(async (harness) => {
        const { ledger } = harness;
        stock(harness, 5);
        ledger.reserve('cart_a', 5, MINUTE);
        const events = ledger.outbox();
        expect(events.map((event) => ('stockStatus' in event.data ? event.data.stockStatus : null))).toEqual([
          'in_stock',
          'out_of_stock',
        ]);
        expect(ledger.hasOutbox()).toBe(true);
        ledger.relayed([events[0]?.id ?? '']);
        expect(ledger.outbox().map((event) => event.id)).toEqual([events[1]?.id]);
        ledger.relayed([events[1]?.id ?? '']);
        expect(ledger.hasOutbox()).toBe(false);
      }));

    it('brings the alarm forward for a failed hand-over, pushes it out while it runs, and forgets it after', () =>
      run(async (harness) => {
        const { ledger, clock } = harness;
        stock(harness, 5);
        ledger.reserve('cart_a', 1, 10 * MINUTE);
        const deadline = clock.now() + 10 * MINUTE;
        expect(await harness.alarmAt()).toBe(deadline);
        // Postgres was out of reach: the host asks to try again in a minute.
        ledger.relayFailed(clock.now() + MINUTE);
        expect(await harness.alarmAt()).toBe(clock.now() + MINUTE);
        // The alarm fires for it: while the host tries, the retry moves a lease ahead.
        clock.advance(MINUTE);
        await harness.fireAlarm();
        expect(await harness.alarmAt()).toBe(clock.now() + MINUTE);
        // Handed over: back to the reservation's deadline alone.
        ledger.relayed(ledger.outbox().map((event) => event.id));
        expect(await harness.alarmAt()).toBe(deadline);
      }));

    it('reserves only what fits, and names what is available when it does not', () =>
      run(async (harness) => {
        const { ledger } = harness;
        stock(harness, 5);
        expect(ledger.reserve('cart_a', 3, MINUTE)).toMatchObject({
          ok: true,
          quantity: 3,
          availableToSell: 2,
        });
        expect(ledger.reserve('cart_b', 3, MINUTE)).toEqual({
          ok: false,
          reason: 'insufficient_stock',
          available: 2,
        });
        expect(ledger.reserve('cart_b', 2, MINUTE)).toMatchObject({ ok: true, availableToSell: 0 });
        expect(ledger.snapshot()).toMatchObject({
          onHand: 5,
          reserved: 5,
          availableToSell: 0,
          reservations: 2,
        });
      }));

    it("sets a cart's reservation when it reserves again, rather than adding a second", () =>
      run(async (harness) => {
        const { ledger } = harness;
        stock(harness, 5);
        expect(ledger.reserve('cart_a', 3, MINUTE)).toMatchObject({ ok: true });
        // Adding would make 8 of 5: only setting fits.
        expect(ledger.reserve('cart_a', 5, MINUTE)).toMatchObject({
          ok: true,
          quantity: 5,
          availableToSell: 0,
        });
        expect(ledger.reserve('cart_a', 1, MINUTE)).toMatchObject({ ok: true, availableToSell: 4 });
        expect(ledger.snapshot()).toMatchObject({ reserved: 1, reservations: 1 });
      }));

    it('lets a cart lower its reservation even when a new level left stock short of it', () =>
      run(async (harness) => {
        const { ledger } = harness;
        stock(harness, 5);
        ledger.reserve('cart_a', 5, MINUTE);
        ledger.recordLevel({ sku: SKU, location: 'berlin', onHand: 2, sequence: 2 });
        expect(ledger.reserve('cart_a', 6, MINUTE)).toEqual({
          ok: false,
          reason: 'insufficient_stock',
          available: 2,
        });
        expect(ledger.reserve('cart_a', 4, MINUTE)).toMatchObject({ ok: true, quantity: 4 });
      }));

    it('counts a reservation as free from its deadline on, before its alarm runs, reserving after reserving', () =>
      run(async (harness) => {
        const { ledger, clock } = harness;
        stock(harness, 5);
        // Back to back, as a hot SKU takes them: the second one's check uses the first's total.
        expect(ledger.reserve('cart_a', 3, MINUTE)).toMatchObject({ ok: true, availableToSell: 2 });
        expect(ledger.reserve('cart_b', 1, 2 * MINUTE)).toMatchObject({ ok: true, availableToSell: 1 });
        clock.advance(MINUTE);
        // cart_a's hold lapsed this instant; no alarm ran, yet its 3 are free again.
        expect(ledger.reserve('cart_c', 4, MINUTE)).toMatchObject({ ok: true, availableToSell: 0 });
        expect(ledger.reserve('cart_d', 1, MINUTE)).toMatchObject({ ok: false, available: 0 });
      }));

    it('releases a reservation, and releasing none frees nothing', () =>
      run(async (harness) => {
        const { ledger } = harness;
        stock(harness, 5);
        ledger.reserve('cart_a', 4, MINUTE);
        expect(ledger.release('cart_a')).toEqual({ ok: true, released: 4 });
        expect(ledger.release('cart_a')).toEqual({ ok: true, released: 0 });
        expect(ledger.snapshot()).toMatchObject({ availableToSell: 5, reservations: 0 });
        expect(await harness.alarmAt()).toBeNull();
      }));

    it('moves a cart’s reservation to another in one step, topping it up only with what is free', () =>
      run(async (harness) => {
        const { ledger } = harness;
        stock(harness, 10);
        ledger.reserve('cart_guest', 3, MINUTE);
        ledger.reserve('cart_mine', 2, MINUTE);
        ledger.reserve('cart_other', 4, MINUTE);
        // The two carts' 5 and one more that is free: 6 of 10, with the other cart's 4.
        expect(ledger.transfer('cart_guest', 'cart_mine', 6, 2 * MINUTE)).toMatchObject({
          ok: true,
          cartId: 'cart_mine',
          quantity: 6,
          availableToSell: 0,
        });
        expect(ledger.snapshot()).toMatchObject({ reserved: 10, reservations: 2 });
        expect(ledger.release('cart_guest')).toEqual({ ok: true, released: 0 });
        // Asking for more than is free grants what the carts held and what is free, no more.
        ledger.release('cart_other');
        ledger.reserve('cart_guest', 2, MINUTE);
        expect(ledger.transfer('cart_guest', 'cart_mine', 50, MINUTE)).toMatchObject({
          ok: true,
          quantity: 10,
        });
        expect(ledger.snapshot()).toMatchObject({ reserved: 10, availableToSell: 0, reservations: 1 });
      }));

    it('keeps what two carts held when a transfer finds stock short of it, and drops what expired', () =>
      run(async (harness) => {
        const { ledger, clock } = harness;
        stock(harness, 6);
        ledger.reserve('cart_guest', 3, MINUTE);
        ledger.reserve('cart_mine', 3, 3 * MINUTE);
        // The WMS counts 2 left: the carts keep their 6 all the same.
        expect(ledger.recordLevel({ sku: SKU, location: 'berlin', onHand: 2, sequence: 2 })).toMatchObject({
          ok: true,
        });
        expect(ledger.transfer('cart_guest', 'cart_mine', 6, MINUTE)).toMatchObject({
          ok: true,
          quantity: 6,
        });
        clock.advance(2 * MINUTE);
        ledger.reserve('cart_guest', 1, 5 * MINUTE);
        // The receiving cart's hold lapsed: the guest's live 1 moves, and 1 more is free.
        expect(ledger.transfer('cart_guest', 'cart_mine', 7, MINUTE)).toMatchObject({
          ok: true,
          quantity: 2,
        });
        expect(ledger.transfer('cart_mine', 'cart_mine', 1, MINUTE)).toMatchObject({
          ok: false,
          field: 'toCartId',
        });
        expect(ledger.transfer('cart_mine', 'cart_x', 0, MINUTE)).toMatchObject({
          ok: false,
          field: 'quantity',
        });
      }));

    it('extends a live reservation, not an expired or missing one', () =>
      run(async (harness) => {
        const { ledger, clock } = harness;
        stock(harness, 5);
        ledger.reserve('cart_a', 1, MINUTE);
        ledger.reserve('cart_b', 1, MINUTE);
        clock.advance(MINUTE / 2);
        expect(ledger.extend('cart_a', 10 * MINUTE)).toEqual({
          ok: true,
          expiresAt: clock.now() + 10 * MINUTE,
        });
        clock.advance(MINUTE);
        expect(ledger.extend('cart_b', MINUTE)).toEqual({ ok: false, reason: 'reservation_expired' });
        expect(ledger.extend('cart_z', MINUTE)).toEqual({ ok: false, reason: 'no_reservation' });
        expect(ledger.snapshot()).toMatchObject({ reserved: 1 });
      }));

    it('commits a reservation exactly once per order', () =>
      run(async (harness) => {
        const { ledger } = harness;
        stock(harness, 5);
        ledger.reserve('cart_a', 3, MINUTE);
        const first = ledger.commit('cart_a', 'ord_1');
        expect(first).toEqual({ ok: true, orderId: 'ord_1', quantity: 3 });
        expect(ledger.commit('cart_a', 'ord_1')).toEqual(first);
        expect(ledger.commit('cart_b', 'ord_1')).toEqual({ ok: false, reason: 'order_conflict' });
        expect(ledger.snapshot()).toMatchObject({ committed: 3, reserved: 0, availableToSell: 2 });
      }));

    it('refuses to commit a reservation past its deadline, before and after the alarm frees it', () =>
      run(async (harness) => {
        const { ledger, clock } = harness;
        stock(harness, 5);
        ledger.reserve('cart_a', 3, MINUTE);
        clock.advance(MINUTE);
        expect(ledger.commit('cart_a', 'ord_1')).toEqual({ ok: false, reason: 'reservation_expired' });
        ledger.expire();
        expect(ledger.commit('cart_a', 'ord_1')).toEqual({ ok: false, reason: 'no_reservation' });
        expect(ledger.snapshot()).toMatchObject({ committed: 0, reserved: 0, availableToSell: 5 });
      }));

    it('frees reservations past their deadline and sets the alarm for the next one, or clears it', () =>
      run(async (harness) => {
        const { ledger, clock } = harness;
        stock(harness, 10);
        const start = clock.now();
        ledger.reserve('cart_a', 1, 2 * MINUTE);
        ledger.reserve('cart_b', 2, MINUTE);
        ledger.reserve('cart_c', 3, 3 * MINUTE);
        expect(await harness.alarmAt()).toBe(start + MINUTE);
        clock.advance(2 * MINUTE);
        expect(ledger.expire()).toEqual({ freed: 2, nextAlarmAt: start + 3 * MINUTE });
        expect(await harness.alarmAt()).toBe(start + 3 * MINUTE);
        expect(ledger.snapshot()).toMatchObject({ reserved: 3, reservations: 1 });
        clock.advance(MINUTE);
        expect(ledger.expire()).toEqual({ freed: 1, nextAlarmAt: null });
        expect(await harness.alarmAt()).toBeNull();
        expect(ledger.snapshot()).toMatchObject({ availableToSell: 10 });
      }));

    it('sets a spent alarm again when it fired before any deadline had passed', () =>
      run(async (harness) => {
        const { ledger, clock } = harness;
        stock(harness, 5);
        ledger.reserve('cart_a', 1, MINUTE);
        const deadline = clock.now() + MINUTE;
        clock.advance(MINUTE - 1);
        expect(await harness.fireAlarm()).toEqual({ freed: 0, nextAlarmAt: deadline });
        expect(await harness.alarmAt()).toBe(deadline);
        clock.advance(1);
        expect(await harness.fireAlarm()).toEqual({ freed: 1, nextAlarmAt: null });
        expect(ledger.snapshot()).toMatchObject({ reserved: 0, availableToSell: 5 });
      }));

    it('ships committed stock out of a location once per shipment and cancels what is left', () =>
      run(async (harness) => {
        const { ledger } = harness;
        stock(harness, 5, 'berlin');
        stock(harness, 5, 'lyon');
        ledger.reserve('cart_a', 4, MINUTE);
        ledger.commit('cart_a', 'ord_1');
        expect(ledger.ship('ord_1', 'shp_a', 5, 'berlin')).toEqual({
          ok: false,
          reason: 'exceeds_committed',
          outstanding: 4,
        });
        expect(ledger.ship('ord_9', 'shp_a', 1, 'berlin')).toEqual({ ok: false, reason: 'unknown_order' });
        const first = { ok: true, shipped: 3, outstanding: 1, shortfall: 0 };
        expect(ledger.ship('ord_1', 'shp_a', 3, 'berlin')).toEqual({ ...first, repeated: false });
        // The same shipment delivered again ships nothing more; its id for anything else is refused.
        expect(ledger.ship('ord_1', 'shp_a', 3, 'berlin')).toEqual({ ...first, repeated: true });
        expect(ledger.ship('ord_1', 'shp_a', 1, 'berlin')).toEqual({
          ok: false,
          reason: 'shipment_conflict',
        });
        expect(ledger.snapshot()).toMatchObject({ onHand: 7, committed: 1, availableToSell: 6 });
        expect(ledger.cancel('ord_1')).toEqual({ ok: true, released: 1 });
        expect(ledger.cancel('ord_1')).toEqual({ ok: true, released: 0 });
        expect(ledger.ship('ord_1', 'shp_b', 1, 'berlin')).toEqual({ ok: false, reason: 'order_cancelled' });
        expect(ledger.cancel('ord_9')).toEqual({ ok: false, reason: 'unknown_order' });
        expect(ledger.snapshot()).toMatchObject({ onHand: 7, committed: 0, availableToSell: 7 });
      }));

    it('takes a parcel that left a location short of it, and reports the shortfall', () =>
      run(async (harness) => {
        const { ledger } = harness;
        stock(harness, 2, 'berlin');
        ledger.reserve('cart_a', 2, MINUTE);
        ledger.commit('cart_a', 'ord_1');
        // The WMS counted one unit fewer at berlin meanwhile.
        ledger.recordLevel({ sku: SKU, location: 'berlin', onHand: 1, sequence: 2 });
        expect(ledger.ship('ord_1', 'shp_a', 1, 'paris')).toMatchObject({ ok: true, shortfall: 1 });
        expect(ledger.ship('ord_1', 'shp_b', 1, 'berlin')).toMatchObject({ ok: true, shortfall: 0 });
        expect(ledger.snapshot()).toMatchObject({ onHand: 0, committed: 0 });
        // The WMS's next count of the location it never reported replaces ours.
        expect(ledger.recordLevel({ sku: SKU, location: 'paris', onHand: 4, sequence: 1 })).toMatchObject({
          ok: true,
        });
        expect(ledger.snapshot()).toMatchObject({ onHand: 4, availableToSell: 4 });
      }));

    it('keeps on hand per location and ignores stale sequences', () =>
      run(async (harness) => {
        const { ledger } = harness;
        expect(ledger.recordLevel({ sku: SKU, location: 'berlin', onHand: 4, sequence: 10 })).toEqual({
          ok: true,
          applied: true,
          shortfall: 0,
        });
        ledger.recordLevel({ sku: SKU, location: 'lyon', onHand: 3, sequence: 1 });
        for (const sequence of [9, 10]) {
          const stale = ledger.recordLevel({ sku: SKU, location: 'berlin', onHand: 100, sequence });
          expect(stale).toEqual({ ok: true, applied: false, shortfall: 0 });
        }
        expect(ledger.snapshot()).toMatchObject({ sku: SKU, onHand: 7 });
        expect(ledger.recordLevel({ sku: 'OTHER', location: 'berlin', onHand: 1, sequence: 11 })).toEqual({
          ok: false,
          reason: 'sku_mismatch',
          sku: SKU,
        });
      }));

    it('reports a level below committed stock as a shortfall rather than clamping it', () =>
      run(async (harness) => {
        const { ledger } = harness;
        stock(harness, 5);
        ledger.reserve('cart_a', 4, MINUTE);
        ledger.commit('cart_a', 'ord_1');
        const level = ledger.recordLevel({ sku: SKU, location: 'berlin', onHand: 1, sequence: 2 });
        expect(level).toEqual({ ok: true, applied: true, shortfall: 3 });
        expect(ledger.snapshot()).toMatchObject({ onHand: 1, committed: 4, availableToSell: -3 });
        // Reported as an event too, once per level that leaves stock short (a stale one is not).
        const shortfalls = () =>
          ledger.outbox().filter((event) => event.type === 'InventoryShortfallDetected');
        expect(shortfalls()).toEqual([
          expect.objectContaining({
            aggregate: { type: 'sku', id: SKU },
            data: {
              sku: SKU,
              location: 'berlin',
              locationOnHand: 1,
              sequence: 2,
              onHand: 1,
              committed: 4,
              shortfall: 3,
            },
          }),
        ]);
        ledger.recordLevel({ sku: SKU, location: 'berlin', onHand: 0, sequence: 2 });
        expect(shortfalls()).toHaveLength(1);
        ledger.recordLevel({ sku: SKU, location: 'berlin', onHand: 4, sequence: 3 });
        expect(shortfalls()).toHaveLength(1);
        expect(ledger.reserve('cart_b', 1, MINUTE)).toEqual({
          ok: false,
          reason: 'insufficient_stock',
          available: 0,
        });
      }));

    it('denies backorders by default and allows them up to the configured limit', () =>
      run(async (harness) => {
        const { ledger } = harness;
        stock(harness, 2);
        expect(ledger.reserve('cart_a', 3, MINUTE)).toMatchObject({ ok: false, available: 2 });
        ledger.configure(SKU, { backorder: { policy: 'allow', limit: 3 }, lowStockThreshold: 0 });
        expect(ledger.reserve('cart_a', 4, MINUTE)).toMatchObject({ ok: true, availableToSell: -2 });
        expect(ledger.reserve('cart_b', 2, MINUTE)).toEqual({
          ok: false,
          reason: 'insufficient_stock',
          available: 1,
        });
        expect(ledger.reserve('cart_b', 1, MINUTE)).toMatchObject({ ok: true, availableToSell: -3 });
        ledger.configure(SKU, { backorder: { policy: 'deny' }, lowStockThreshold: 0 });
        expect(ledger.reserve('cart_c', 1, MINUTE)).toMatchObject({ ok: false, available: 0 });
      }));

    it('records InventoryUpdated when available-to-sell crosses zero or the low-stock threshold', () =>
      run(async (harness) => {
        const { ledger, clock } = harness;
        ledger.configure(SKU, { backorder: { policy: 'deny' }, lowStockThreshold: 3 });
        stock(harness, 10); // out_of_stock → in_stock
        ledger.reserve('cart_a', 2, MINUTE); // 8: no crossing
        ledger.reserve('cart_b', 5, MINUTE); // 3: in_stock → low_stock
        ledger.reserve('cart_c', 3, 2 * MINUTE); // 0: low_stock → out_of_stock
        clock.advance(MINUTE); // a and b expire: 7
        ledger.expire(); // out_of_stock → in_stock, on the alarm, with no request
        const events = ledger.outbox().flatMap((event) => (event.type === 'InventoryUpdated' ? [event] : []));
        expect(events.map((event) => [event.data.previousStockStatus, event.data.stockStatus])).toEqual([
          ['out_of_stock', 'in_stock'],
          ['in_stock', 'low_stock'],
          ['low_stock', 'out_of_stock'],
          ['out_of_stock', 'in_stock'],
        ]);
        const last = events.at(-1);
        expect(last).toEqual({
          id: expect.stringMatching(/^evt_[0-9a-z]+$/),
          type: 'InventoryUpdated',
          version: 1,
          occurredAt: new Date(clock.now()).toISOString(),
          aggregate: { type: 'sku', id: SKU },
          data: {
            sku: SKU,
            stockStatus: 'in_stock',
            previousStockStatus: 'out_of_stock',
            availableToSell: 7,
            onHand: 10,
            committed: 0,
            reserved: 3,
            lowStockThreshold: 3,
          },
        });
        expect(new Set(events.map((event) => event.id)).size).toBe(4);
      }));

    it('remembers when it was last restored, and nothing else counts as a restore', () =>
      run(async (harness) => {
        const { ledger, clock } = harness;
        expect(ledger.restoredAt()).toBeNull();
        stock(harness, 5);
        ledger.configure(SKU, { backorder: { policy: 'deny' }, lowStockThreshold: 1 });
        expect(ledger.restoredAt()).toBeNull();
        const restored = ledger.restore({ sku: SKU, settings: null, levels: [], commitments: [] });
        expect(restored).toMatchObject({ ok: true, levelsApplied: 0, commitmentsAdded: 0 });
        expect(ledger.restoredAt()).toBe(clock.now());
        // No settings recorded (no variant has the SKU): the ledger keeps its own.
        expect(ledger.snapshot()).toMatchObject({ sku: SKU, onHand: 5, lowStockThreshold: 1 });
        clock.advance(MINUTE);
        ledger.restore({ sku: SKU, settings: null, levels: [], commitments: [] });
        expect(ledger.snapshot().restoredAt).toBe(clock.now());
      }));

    it('restores levels by sequence, settings and commitments, and repeating it changes nothing', () =>
      run(async (harness) => {
        const { ledger } = harness;
        ledger.recordLevel({ sku: SKU, location: 'berlin', onHand: 4, sequence: 9 });
        const record = {
          sku: SKU,
          settings: { backorder: { policy: 'allow', limit: 2 }, lowStockThreshold: 3 } as const,
          levels: [
            { location: 'berlin', onHand: 7, sequence: 8 }, // older than the ledger's: kept at 4
            { location: 'lyon', onHand: 6, sequence: 3 },
          ],
          commitments: [
            {
              orderId: 'ord_1',
              cartId: 'cart_x',
              quantity: 3,
              cancelled: false,
              shipments: [{ shipmentId: 'shp_1', quantity: 1, location: 'berlin' }],
            },
          ],
        };
        expect(ledger.restore(record)).toMatchObject({ ok: true, levelsApplied: 1, commitmentsAdded: 1 });
        const after = ledger.snapshot();
        expect(after).toMatchObject({
          onHand: 10,
          committed: 2,
          availableToSell: 8,
          backorderLimit: 2,
          lowStockThreshold: 3,
        });
        expect(ledger.restore(record)).toMatchObject({ ok: true, levelsApplied: 0, commitmentsAdded: 0 });
        expect(ledger.snapshot()).toMatchObject({ onHand: 10, committed: 2, availableToSell: 8 });
        // The shipment it restored is known: the WMS delivering it again ships nothing more.
        expect(ledger.ship('ord_1', 'shp_1', 1, 'berlin')).toMatchObject({ ok: true, repeated: true });
        expect(ledger.snapshot()).toMatchObject({ onHand: 10, committed: 2 });
        // The restored limit is the rule: 8 on hand to sell, 2 beyond.
        expect(ledger.reserve('cart_a', 11, MINUTE)).toMatchObject({ ok: false, available: 10 });
        expect(ledger.reserve('cart_a', 10, MINUTE)).toMatchObject({ ok: true, availableToSell: -2 });
      }));

    it('refuses a restore for another SKU or with malformed rows, and keeps what it had', () =>
      run(async (harness) => {
        const { ledger } = harness;
        stock(harness, 5);
        const empty = { settings: null, levels: [], commitments: [] };
        expect(ledger.restore({ ...empty, sku: 'OTHER' })).toEqual({
          ok: false,
          reason: 'sku_mismatch',
          sku: SKU,
        });
        expect(
          ledger.restore({ ...empty, sku: SKU, levels: [{ location: 'lyon', onHand: -1, sequence: 1 }] }),
        ).toMatchObject({ ok: false, field: 'levels[0].onHand' });
        expect(ledger.snapshot()).toMatchObject({ onHand: 5, restoredAt: null });
      }));

    it('refuses zero, negative, fractional, huge and non-numeric quantities and changes nothing', () =>
      run(async (harness) => {
        const { ledger } = harness;
        stock(harness, 5);
        ledger.reserve('cart_a', 1, MINUTE);
        ledger.commit('cart_a', 'ord_1');
        const before = ledger.snapshot();
        for (const quantity of [
          0,
          -1,
          1.5,
          Number.NaN,
          Number.POSITIVE_INFINITY,
          2 ** 53,
          '2' as unknown as number,
        ]) {
          expect(ledger.reserve('cart_b', quantity, MINUTE)).toEqual({
            ok: false,
            reason: 'invalid_input',
            field: 'quantity',
          });
          expect(ledger.ship('ord_1', 'shp_1', quantity, 'berlin')).toMatchObject({
            ok: false,
            field: 'quantity',
          });
        }
        for (const onHand of [-1, 0.5, 2 ** 53]) {
          const level = ledger.recordLevel({ sku: SKU, location: 'berlin', onHand, sequence: 5 });
          expect(level).toMatchObject({ ok: false, field: 'onHand' });
        }
        expect(ledger.reserve('cart_b', 1, 0)).toMatchObject({ ok: false, field: 'ttlMs' });
        expect(ledger.extend('cart_b', -5)).toMatchObject({ ok: false, field: 'ttlMs' });
        expect(ledger.reserve('', 1, MINUTE)).toMatchObject({ ok: false, field: 'cartId' });
        expect(ledger.commit('cart_b', '')).toMatchObject({ ok: false, field: 'orderId' });
        const badLimit = ledger.configure(SKU, {
          backorder: { policy: 'allow', limit: -1 },
          lowStockThreshold: 0,
        });
        expect(badLimit).toMatchObject({ ok: false, field: 'backorder.limit' });
        expect(ledger.snapshot()).toEqual(before);
      }));
  });
}
