import { runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { sql } from 'drizzle-orm';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { addLine, createCart, ensureMarkets, sellableVariants } from '../carts/cart-kit';
import { withDatabase } from '../catalog/catalog-test-kit';
import { paidOrder } from '../checkout/checkout-kit';
import { expectProblem } from '../problem-assertions';
import {
  adminCallWith,
  behave,
  deliveriesOf,
  eventsUrlOf,
  eventually,
  forgetBacklog,
  forwardApiCalls,
  orderEventIds,
  outboxEventsOf,
  type PartnerDelivery,
  publishedAtOf,
  relayBindings,
  reportingBindings,
  runCron,
} from './event-kit';

// The outbox relay (ADR 33): pending events published to QStash (the stand-in, through the real
// SDK) for the destinations whose routes take them, delivered signed to the local partners, each
// applied once, marked published, and never lost to a relay that dies half way; QStash's reports
// of each delivery recorded, failures listed, and replayed once the partner is back. One file, so
// that no other suite's relay publishes (or forgets) this one's events.

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

  it("publishes a Durable Object's events too: an abandoned cart reaches marketing", async () => {
    const [variant] = await sellableVariants(5, 1_500);
    const cart = await createCart();
    await addLine(cart, variant?.id ?? '', 1);
    const object = env.CART.getByName(cart.id);
    await runInDurableObject(object, (_instance, state) => {
      state.storage.sql.exec('UPDATE cart SET abandon_at = ? WHERE id = 1', Date.now() - 1);
    });
    expect(await runDurableObjectAlarm(object)).toBe(true);
    const [abandoned] = await outboxEventsOf('cart', cart.id);
    if (!abandoned) throw new Error('no CartAbandoned moved to the outbox');
    await runCron(relayBindings({ marketing: { url: eventsUrlOf('marketing'), events: ['CartAbandoned'] } }));
    const received = await eventually(
      () => deliveriesOf('marketing'),
      (all) => ofEvent(abandoned.id)(all).length > 0,
    );
    expect(ofEvent(abandoned.id)(received)).toEqual([
      expect.objectContaining({
        type: 'CartAbandoned',
        aggregate: { type: 'cart', id: cart.id },
        outcome: 'applied',
      }),
    ]);
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

interface Delivery {
  id: string;
  messageId: string;
  eventId: string;
  destination: string;
  status: string;
  attempts: number;
  lastStatus: number | null;
  dlqId: string | null;
  replayId: string | null;
}

describe('deliveries, failures and replay', { timeout: 60_000 }, () => {
  const crmRoutes = { crm: { url: eventsUrlOf('crm'), events: ['OrderCreated'], ordered: true } };

  it('records a failure QStash reports, lists it, and a replay delivers it once the CRM is back', async () => {
    const bindings = reportingBindings(crmRoutes);
    await behave('crm', { down: true });
    const { order } = await paidOrder(10);
    const [created] = await orderEventIds(order.id);
    if (!created) throw new Error('no OrderCreated recorded');
    await runCron(bindings);
    // Its retries run out and QStash reports the failure to the API's address.
    const failedAttempts = await eventually(
      () => deliveriesOf('crm'),
      (all) => ofEvent(created.id)(all).length >= 4,
    );
    expect(ofEvent(created.id)(failedAttempts).map((delivery) => delivery.outcome)).toEqual([
      'failed',
      'failed',
      'failed',
      'failed',
    ]);
    const admin = (path: string, body?: unknown) =>
      adminCallWith(bindings, body === undefined ? 'GET' : 'POST', path, body);
    const failed = await eventually(
      async () => {
        expect(await forwardApiCalls(bindings)).not.toContain(401);
        const listed = await admin(`/v1/admin/events/deliveries?status=failed&eventId=${created.id}`);
        return (await listed.json<{ data: Delivery[] }>()).data;
      },
      (data) => data.length > 0,
    );
    expect(failed).toEqual([
      expect.objectContaining({
        eventId: created.id,
        destination: 'crm',
        status: 'failed',
        attempts: 4,
        lastStatus: 503,
        dlqId: expect.any(String),
        replayId: null,
      }),
    ]);

    // Back up: a replay of the failures sends it again, and the CRM applies it once.
    await behave('crm', {});
    const replay = await admin('/v1/admin/events/replay', { eventIds: [created.id], destinations: ['crm'] });
    expect(replay.status, await replay.clone().text()).toBe(202);
    expect(await replay.json()).toMatchObject({ events: 1, messages: 1, more: false });
    const received = await eventually(
      () => deliveriesOf('crm'),
      (all) => ofEvent(created.id)(all).some((delivery) => delivery.outcome === 'applied'),
    );
    expect(ofEvent(created.id)(received).filter((delivery) => delivery.outcome === 'applied')).toHaveLength(
      1,
    );

    // Inspected: the first delivery failed, the replay's was delivered.
    const inspected = await eventually(
      async () => {
        await forwardApiCalls(bindings);
        return (await (await admin(`/v1/admin/events/${created.id}`)).json<{ deliveries: Delivery[] }>())
          .deliveries;
      },
      (deliveries) => deliveries.some((delivery) => delivery.status === 'delivered'),
    );
    expect(inspected.map((delivery) => [delivery.status, delivery.replayId === null])).toEqual([
      ['failed', true],
      ['delivered', false],
    ]);

    // A second replay is delivered again and applied no more: the CRM dedupes by event id.
    await admin('/v1/admin/events/replay', { eventIds: [created.id] });
    const again = await eventually(
      () => deliveriesOf('crm'),
      (all) => ofEvent(created.id)(all).some((delivery) => delivery.outcome === 'duplicate'),
    );
    expect(ofEvent(created.id)(again).filter((delivery) => delivery.outcome === 'applied')).toHaveLength(1);
  });

  it('refuses a replay that names no events or an unknown destination, and an unknown event is 404', async () => {
    const bindings = reportingBindings(crmRoutes);
    const admin = (path: string, body?: unknown) =>
      adminCallWith(bindings, body === undefined ? 'GET' : 'POST', path, body);
    await expectProblem(await admin('/v1/admin/events/replay', {}), 400, 'validation_failed');
    await expectProblem(
      await admin('/v1/admin/events/replay', {
        eventIds: ['evt_0000000000000000000000000a'],
        destinations: ['erp'],
      }),
      400,
      'validation_failed',
    );
    await expectProblem(
      await admin('/v1/admin/events/replay', { eventIds: ['ord_1'] }),
      400,
      'validation_failed',
    );
    await expectProblem(await admin('/v1/admin/events/evt_0000000000000000000000000a'), 404, 'not_found');
    await expectProblem(await admin('/v1/admin/events/deliveries?status=lost'), 400, 'validation_failed');
    const unconfigured = { ...bindings, QSTASH_TOKEN: undefined } as unknown as Cloudflare.Env;
    await expectProblem(
      await adminCallWith(unconfigured, 'POST', '/v1/admin/events/replay', { failedOnly: true }),
      503,
      'events_unavailable',
    );
  });
});
