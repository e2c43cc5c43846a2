import { sql } from 'drizzle-orm';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ensureMarkets } from '../carts/cart-kit';
import { withDatabase } from '../catalog/catalog-test-kit';
import { paidOrder } from '../checkout/checkout-kit';
import { expectProblem } from '../problem-assertions';
import {
  adminCallWith,
  deliveriesOf,
  eventsUrlOf,
  eventually,
  forgetBacklog,
  orderEventIds,
  type PartnerDelivery,
  publishedAtOf,
  relayBindings,
  runCron,
} from './event-kit';

// The outbox relay (ADR 33): pending events published to QStash (the stand-in, through the real
// SDK) for the destinations whose routes take them, delivered signed to the local partners, each
// applied once, marked published, and never lost to a relay that dies half way.

beforeAll(ensureMarkets);
beforeEach(forgetBacklog);

const routes = {
  wms: { url: eventsUrlOf('wms'), events: ['OrderCreated', 'OrderCancelled'], ordered: true },
  analytics: { url: eventsUrlOf('analytics'), events: ['OrderCreated', 'OrderRefunded'] },
};

const ofEvent = (eventId: string) => (deliveries: PartnerDelivery[]) =>
  deliveries.filter((delivery) => delivery.eventId === eventId);

describe('the outbox relay', { timeout: 60_000 }, () => {
  it('publishes a new order to every destination routed to it, once, and marks it published', async () => {
    const { order } = await paidOrder(10);
    const [created] = await orderEventIds(order.id);
    if (!created) throw new Error('no OrderCreated recorded');
    expect(await publishedAtOf([created.id])).toEqual([null]);

    await runCron(relayBindings(routes));

    for (const partner of ['wms', 'analytics'] as const) {
      const received = ofEvent(created.id)(
        await eventually(
          () => deliveriesOf(partner),
          (all) => ofEvent(created.id)(all).length > 0,
        ),
      );
      expect(received).toEqual([
        expect.objectContaining({
          type: 'OrderCreated',
          aggregate: { type: 'order', id: order.id },
          outcome: 'applied',
          retried: 0,
          sequence: expect.any(Number),
        }),
      ]);
    }
    expect((await publishedAtOf([created.id]))[0]).not.toBeNull();
    // Routed nowhere else: the PIM takes no order events.
    expect(ofEvent(created.id)(await deliveriesOf('pim'))).toEqual([]);
  });

  it('publishes right after the write that recorded the event, without waiting for the cron', async () => {
    const { order } = await paidOrder(10);
    const cancelled = await adminCallWith(
      relayBindings(routes),
      'POST',
      `/v1/admin/orders/${order.id}/cancel`,
      {},
    );
    expect(cancelled.status, await cancelled.clone().text()).toBe(200);
    const events = await orderEventIds(order.id);
    const cancel = events.find((event) => event.type === 'OrderCancelled');
    if (!cancel) throw new Error('no OrderCancelled recorded');
    const atWms = await eventually(
      () => deliveriesOf('wms'),
      (all) => ofEvent(cancel.id)(all).length > 0,
    );
    expect(ofEvent(cancel.id)(atWms)).toEqual([expect.objectContaining({ outcome: 'applied' })]);
    // Numbered in the order recorded, so the WMS can tell a late creation from a newer change.
    const [createdAtWms] = ofEvent(events[0]?.id ?? '')(atWms);
    expect(createdAtWms?.sequence).toBeLessThan(ofEvent(cancel.id)(atWms)[0]?.sequence ?? 0);
    // The kick published every pending event, in order: the order's creation reached the WMS too.
    const created = events.find((event) => event.type === 'OrderCreated');
    expect(ofEvent(created?.id ?? '')(atWms)).toHaveLength(1);
    // Refunded to analytics only; the WMS's route does not take refunds.
    const refund = events.find((event) => event.type === 'OrderRefunded');
    expect(ofEvent(refund?.id ?? '')(atWms)).toEqual([]);
  });

  it('publishes an event again after a relay died before marking it, and it is delivered once', async () => {
    const { order } = await paidOrder(10);
    const [created] = await orderEventIds(order.id);
    if (!created) throw new Error('no OrderCreated recorded');
    const bindings = relayBindings(routes);
    await runCron(bindings);
    await eventually(
      () => deliveriesOf('wms'),
      (all) => ofEvent(created.id)(all).length > 0,
    );
    // As if the relay had died after QStash took the batch and before the mark committed.
    await withDatabase((db) =>
      db.execute(sql`update outbox_events set published_at = null where id = ${created.id}`),
    );
    await runCron(bindings);
    expect((await publishedAtOf([created.id]))[0]).not.toBeNull();
    // QStash dropped the copy by its deduplication id: nothing more reached the partner.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(ofEvent(created.id)(await deliveriesOf('wms'))).toHaveLength(1);
  });

  it('does nothing without QStash configured: events wait in the outbox', async () => {
    const { order } = await paidOrder(10);
    const [created] = await orderEventIds(order.id);
    await runCron({ ...relayBindings(routes), QSTASH_TOKEN: undefined } as unknown as Cloudflare.Env);
    expect(await publishedAtOf([created?.id ?? ''])).toEqual([null]);
  });

  it('refuses to start with a route to an event type the shop does not record', async () => {
    const bindings = relayBindings({ wms: { url: eventsUrlOf('wms'), events: ['OrderTeleported'] } });
    const problem = await expectProblem(
      await adminCallWith(bindings, 'GET', '/v1/admin/orders'),
      500,
      'server_misconfigured',
    );
    expect(problem.detail).not.toContain('OrderTeleported');
  });
});
