import { inventoryWrites } from '@edge-commerce/db';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { testCredentials } from '../../setup/integration-credentials';
import { ensureMarkets, type SellableVariant, sellableVariants } from '../carts/cart-kit';
import { adminRequest, postWithKey, uniqueSuffix, withDatabase } from '../catalog/catalog-test-kit';
import { expectProblem } from '../problem-assertions';
import {
  type CheckoutAnswer,
  checkout,
  type PlacedOrder,
  readOrder,
  readyCart,
  stockOf,
} from './checkout-kit';

// POST /v1/integrations/wms/shipments: the warehouse's parcels move an order to partially
// shipped, shipped and delivered, each parcel once, never beyond what was ordered, and take
// the units out of committed stock exactly once however often the WMS reports them.

beforeAll(ensureMarkets);

const SHIPMENTS = '/v1/integrations/wms/shipments';

interface ShipmentAnswer {
  deliveryId: string;
  outcome: 'recorded' | 'unchanged';
  orderStatus: string;
  shipment: { id: string; status: string; lines: { sku: string; quantity: number }[] };
  shortfalls: { sku: string; shortfall: number }[];
}

function report(body: unknown, idempotencyKey = uniqueSuffix(), key = testCredentials.wmsPartnerKey) {
  return postWithKey(SHIPMENTS, body, { key, idempotencyKey });
}

/** A paid order of two variants, `quantity` of each. */
async function paidOrder(quantity = 2, paymentMethod = 'pm_card_visa') {
  const variants = await sellableVariants(10, 1_500);
  const chosen = variants.slice(0, 2) as [SellableVariant, SellableVariant];
  const cart = await readyCart(chosen, quantity);
  const answer = await checkout(cart, { paymentMethod });
  expect(answer.status, await answer.clone().text()).toBe(200);
  const order = (await answer.json<CheckoutAnswer>()).order as PlacedOrder;
  return { order, skus: chosen.map((variant) => variant.sku) as [string, string] };
}

function parcel(
  orderId: string,
  lines: { sku: string; quantity: number }[],
  shipmentId = `WMS-${uniqueSuffix()}`,
) {
  return {
    status: 'shipped',
    shipmentId,
    orderId,
    carrier: 'DHL',
    trackingNumber: `0034${Date.now()}`,
    trackingUrl: 'https://track.example/0034',
    location: 'berlin-1',
    lines,
  };
}

async function eventsOfOrder(orderId: string): Promise<string[]> {
  const { rows } = await withDatabase((db) =>
    db.execute<{ type: string }>(sql`
      select type from outbox_events where aggregate_id = ${orderId} order by sequence`),
  );
  return rows.map((row) => row.type);
}

async function recorded(response: Response): Promise<ShipmentAnswer> {
  expect(response.status, await response.clone().text()).toBe(200);
  return response.json<ShipmentAnswer>();
}

describe('POST /v1/integrations/wms/shipments', { timeout: 60_000 }, () => {
  it('moves an order through partially shipped, shipped and delivered, with its events and stock', async () => {
    const { order, skus } = await paidOrder(2);
    const [first, second] = skus;
    expect(await stockOf(first)).toMatchObject({ onHand: 10, committed: 2 });

    const a = parcel(order.id, [{ sku: first, quantity: 2 }]);
    const one = await recorded(await report(a));
    expect(one).toMatchObject({ outcome: 'recorded', orderStatus: 'partially_shipped', shortfalls: [] });
    expect(one.shipment).toMatchObject({ status: 'shipped', lines: [{ sku: first, quantity: 2 }] });
    expect(await stockOf(first)).toMatchObject({ onHand: 8, committed: 0 });

    const b = parcel(order.id, [{ sku: second, quantity: 1 }]);
    const c = parcel(order.id, [{ sku: second, quantity: 1 }]);
    expect((await recorded(await report(b))).orderStatus).toBe('partially_shipped');
    expect((await recorded(await report(c))).orderStatus).toBe('shipped');
    expect(await stockOf(second)).toMatchObject({ onHand: 8, committed: 0 });

    // Progress: parcels move forward; the order is delivered with its last parcel.
    const moved = await recorded(await report({ status: 'in_transit', shipmentId: a.shipmentId }));
    expect(moved).toMatchObject({
      outcome: 'recorded',
      orderStatus: 'shipped',
      shipment: { status: 'in_transit' },
    });
    for (const shipment of [a, b]) {
      const delivered = await recorded(
        await report({ status: 'delivered', shipmentId: shipment.shipmentId }),
      );
      expect(delivered.orderStatus).toBe('shipped');
    }
    // Late news of a delivered parcel changes nothing.
    const late = await recorded(await report({ status: 'in_transit', shipmentId: a.shipmentId }));
    expect(late).toMatchObject({ outcome: 'unchanged', shipment: { status: 'delivered' } });
    const last = await recorded(
      await report({
        status: 'delivered',
        shipmentId: c.shipmentId,
        occurredAt: '2026-12-05T14:02:00+01:00',
      }),
    );
    expect(last.orderStatus).toBe('delivered');

    const read = await readOrder(order.id, order.accessToken);
    const seen = await read.json<{ status: string; shipments: Record<string, unknown>[] }>();
    expect(seen.status).toBe('delivered');
    expect(seen.shipments).toHaveLength(3);
    expect(seen.shipments[2]).toMatchObject({
      carrier: 'DHL',
      trackingNumber: c.trackingNumber,
      trackingUrl: 'https://track.example/0034',
      status: 'delivered',
      deliveredAt: '2026-12-05T13:02:00.000Z',
    });
    expect(seen.shipments[0]).not.toHaveProperty('location');
    expect(await eventsOfOrder(order.id)).toEqual([
      'OrderCreated',
      'OrderPaid',
      'OrderShipped',
      'OrderShipped',
      'OrderShipped',
      'OrderDelivered',
    ]);
    // Nothing is left to cancel once a parcel left.
    const cancelled = await adminRequest('POST', `/v1/admin/orders/${order.id}/cancel`, { body: {} });
    await expectProblem(cancelled, 409, 'order_status_conflict');

    // It comes back: returned once, however often an operator records it.
    for (let attempt = 0; attempt < 2; attempt++) {
      const returned = await adminRequest('POST', `/v1/admin/orders/${order.id}/return`, {
        body: { reason: 'Did not fit.' },
      });
      expect(returned.status, await returned.clone().text()).toBe(200);
      expect(await returned.json()).toMatchObject({ status: 'returned', paymentStatus: 'paid' });
    }
    expect((await eventsOfOrder(order.id)).at(-1)).toBe('OrderReturned');
    expect((await eventsOfOrder(order.id)).filter((type) => type === 'OrderReturned')).toHaveLength(1);
  });

  it('records a parcel once, however often and under whatever key the WMS reports it', async () => {
    const { order, skus } = await paidOrder(5);
    const body = parcel(order.id, [{ sku: skus[0], quantity: 2 }]);
    const key = uniqueSuffix();
    const first = await recorded(await report(body, key));
    const replay = await report(body, key);
    expect(replay.headers.get('Idempotent-Replayed')).toBe('true');
    expect(await recorded(replay)).toEqual(first);
    const again = await recorded(await report(body));
    expect(again).toMatchObject({ outcome: 'unchanged', shipment: { id: first.shipment.id } });
    // Every answer above took the parcel's stock again (the object ships each parcel once).
    expect(await stockOf(skus[0])).toMatchObject({ onHand: 8, committed: 3 });

    // The parcel's reference for other contents, or the key for another body: refused.
    await expectProblem(
      await report(parcel(order.id, [{ sku: skus[0], quantity: 1 }], body.shipmentId)),
      422,
      'shipment_rejected',
    );
    await expectProblem(await report({ ...body, carrier: 'UPS' }, key), 422, 'idempotency_key_reused');
    expect(await eventsOfOrder(order.id)).toEqual(['OrderCreated', 'OrderPaid', 'OrderShipped']);
  });

  it('never ships more of a line than was ordered, with parcels racing for the rest', async () => {
    const { order, skus } = await paidOrder(5);
    const answers = await Promise.all(
      Array.from({ length: 12 }, () => report(parcel(order.id, [{ sku: skus[0], quantity: 1 }]))),
    );
    const statuses = answers.map((answer) => answer.status).sort();
    expect(statuses.filter((status) => status === 200)).toHaveLength(5);
    for (const answer of answers.filter((response) => response.status !== 200)) {
      await expectProblem(answer, 422, 'shipment_rejected');
    }
    const { rows } = await withDatabase((db) =>
      db.execute<{ shipped: number }>(sql`
        select coalesce(sum(sl.quantity), 0)::int as shipped from shipment_lines sl
        join order_lines l on l.id = sl.order_line_id where l.order_id = ${order.id} and l.sku = ${skus[0]}`),
    );
    expect(rows[0]?.shipped).toBe(5);
    expect(await stockOf(skus[0])).toMatchObject({ onHand: 5, committed: 0 });
    expect((await eventsOfOrder(order.id)).filter((type) => type === 'OrderShipped')).toHaveLength(5);
  });

  it('refuses parcels that do not fit the order, and changes nothing', async () => {
    const { order, skus } = await paidOrder(1);
    const refused = await report(
      parcel(order.id, [
        { sku: 'NOT-IN-ORDER', quantity: 1 },
        { sku: skus[0], quantity: 2 },
      ]),
    );
    const problem = await expectProblem(refused, 422, 'shipment_rejected');
    expect(problem.errors?.map((error) => error.path)).toEqual(['lines.0.sku', 'lines.1.quantity']);
    await expectProblem(
      await report(
        parcel(order.id, [
          { sku: skus[0], quantity: 1 },
          { sku: skus[0], quantity: 1 },
        ]),
      ),
      422,
      'shipment_rejected',
    );
    await expectProblem(
      await report(parcel('ord_00000000000000000000000000', [{ sku: skus[0], quantity: 1 }])),
      404,
      'not_found',
    );
    await expectProblem(
      await report({ status: 'delivered', shipmentId: `WMS-${uniqueSuffix()}` }),
      404,
      'not_found',
    );
    for (const malformed of [
      { ...parcel(order.id, [{ sku: skus[0], quantity: 0 }]) },
      { ...parcel(order.id, []) },
      { ...parcel(order.id, [{ sku: skus[0], quantity: 1 }]), trackingUrl: 'http://track.example/1' },
      { ...parcel(order.id, [{ sku: skus[0], quantity: 1 }]), shipmentId: 'has spaces' },
      { ...parcel(order.id, [{ sku: skus[0], quantity: 1 }]), occurredAt: 'yesterday' },
      { status: 'lost', shipmentId: 'WMS-1' },
      parcel('not an id', [{ sku: skus[0], quantity: 1 }]),
      { status: 'delivered', shipmentId: 'WMS-1', lines: [] },
    ]) {
      await expectProblem(await report(malformed), 400, 'validation_failed');
    }
    await expectProblem(
      await report(
        parcel(order.id, [{ sku: skus[0], quantity: 1 }]),
        uniqueSuffix(),
        testCredentials.pimPartnerKey,
      ),
      403,
      'forbidden',
    );
    expect(await eventsOfOrder(order.id)).toEqual(['OrderCreated', 'OrderPaid']);
    expect(await stockOf(skus[0])).toMatchObject({ onHand: 10, committed: 1 });
  });

  it('refuses to ship an order held for review or cancelled', async () => {
    const held = await paidOrder(1, 'pm_card_riskLevelElevated');
    expect(held.order.status).toBe('on_hold');
    const answer = await report(parcel(held.order.id, [{ sku: held.skus[0], quantity: 1 }]));
    expect((await expectProblem(answer, 409, 'order_status_conflict')).orderStatus).toBe('on_hold');

    const notDelivered = await adminRequest('POST', `/v1/admin/orders/${held.order.id}/return`);
    expect((await expectProblem(notDelivered, 409, 'order_status_conflict')).orderStatus).toBe('on_hold');

    const cancelled = await paidOrder(1);
    const cancel = await adminRequest('POST', `/v1/admin/orders/${cancelled.order.id}/cancel`, { body: {} });
    expect(cancel.status, await cancel.clone().text()).toBe(200);
    await expectProblem(
      await report(parcel(cancelled.order.id, [{ sku: cancelled.skus[0], quantity: 1 }])),
      409,
      'order_status_conflict',
    );
  });

  it('leaves what a rebuilt InventoryObject needs in Postgres: open commitments with their parcels', async () => {
    const { order, skus } = await paidOrder(3);
    const body = parcel(order.id, [{ sku: skus[0], quantity: 1 }]);
    const shipment = (await recorded(await report(body))).shipment;
    const record = await withDatabase((db) => inventoryWrites.readRecordedStock(db, skus[0]));
    expect(record.commitments.filter((commitment) => commitment.orderId === order.id)).toEqual([
      {
        orderId: order.id,
        cartId: expect.stringMatching(/^cart_/),
        quantity: 3,
        cancelled: false,
        shipments: [{ shipmentId: shipment.id, quantity: 1, location: 'berlin-1' }],
      },
    ]);
    // Shipped in full, it holds no stock and is left out.
    await recorded(await report(parcel(order.id, [{ sku: skus[0], quantity: 2 }])));
    const after = await withDatabase((db) => inventoryWrites.readRecordedStock(db, skus[0]));
    expect(after.commitments.filter((commitment) => commitment.orderId === order.id)).toEqual([]);
  });
});
