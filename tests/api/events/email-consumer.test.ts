import { exports } from 'cloudflare:workers';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { testCredentials } from '../../setup/integration-credentials';
import { ensureMarkets } from '../carts/cart-kit';
import {
  API_ORIGIN,
  postWithKey,
  signDelivery,
  uniqueSuffix,
  withDatabase,
} from '../catalog/catalog-test-kit';
import { paidOrder } from '../checkout/checkout-kit';
import { register } from '../identity/customer-kit';
import { awaitEmail, emailsTo } from '../identity/mail-kit';
import { expectProblem } from '../problem-assertions';
import { orderEventIds } from './event-kit';

// The shop's own email consumer (ADR 33): QStash delivers OrderCreated, OrderShipped and
// CartAbandoned to it like to any partner, and it sends the confirmation, the shipment and the
// reminder through the email outbox, once per event however often the event comes.

beforeAll(ensureMarkets);

const PATH = '/v1/integrations/qstash/emails';

async function deliver(envelope: unknown, signedFor = PATH): Promise<Response> {
  const text = JSON.stringify(envelope);
  return exports.default.fetch(`${API_ORIGIN}${PATH}`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      'Upstash-Signature': await signDelivery(signedFor, text),
      'Upstash-Message-Id': `msg_${uniqueSuffix()}`,
    },
    body: text,
  });
}

/** The event as the relay publishes it, read from the outbox. */
async function envelopeOf(eventId: string) {
  return withDatabase(async (db) => {
    const { rows } = await db.execute<{ envelope: unknown }>(sql`
      select jsonb_build_object('id', id, 'type', type, 'version', version, 'sequence', sequence,
        'occurredAt', to_char(occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
        'aggregate', jsonb_build_object('type', aggregate_type, 'id', aggregate_id), 'data', data) as envelope
      from outbox_events where id = ${eventId}`);
    return rows[0]?.envelope as { id: string; data: Record<string, unknown> };
  });
}

async function outcomeOf(response: Response): Promise<string> {
  expect(response.status, await response.clone().text()).toBe(200);
  return (await response.json<{ outcome: string }>()).outcome;
}

describe('the email consumer', { timeout: 60_000 }, () => {
  it('sends the order confirmation once, however often OrderCreated comes', async () => {
    const { order } = await paidOrder(10);
    const created = (await orderEventIds(order.id)).find((event) => event.type === 'OrderCreated');
    const envelope = await envelopeOf(created?.id ?? '');
    const email = envelope.data.email as string;
    const before = (await emailsTo(email)).length;

    expect(await outcomeOf(await deliver(envelope))).toBe('queued');
    const sent = await awaitEmail(email, before + 1);
    expect(sent.subject).toContain(order.number);
    const grandTotal = (envelope.data.totals as { grandTotal: number }).grandTotal;
    // Plain text too, with the total in the reader's money format.
    expect(sent.text).toContain(`$${(grandTotal / 100).toFixed(2)}`);
    expect(sent.html).toContain(order.number);

    // A redelivery and a replay (new message ids) send nothing more.
    expect(await outcomeOf(await deliver(envelope))).toBe('duplicate');
    expect(await outcomeOf(await deliver(envelope))).toBe('duplicate');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await emailsTo(email)).filter((each) => each.subject.includes(order.number))).toHaveLength(1);
  });

  it('sends the shipment with its carrier, tracking number and tracking link', async () => {
    const { order, variant } = await paidOrder(10);
    const shipped = await postWithKey(
      '/v1/integrations/wms/shipments',
      {
        status: 'shipped',
        shipmentId: `WMS-${uniqueSuffix()}`,
        orderId: order.id,
        carrier: 'DHL',
        trackingNumber: '00340434161094042557',
        trackingUrl: 'https://track.example/00340434',
        location: 'berlin-1',
        lines: [{ sku: variant.sku, quantity: 2 }],
      },
      { key: testCredentials.wmsPartnerKey },
    );
    expect(shipped.status, await shipped.clone().text()).toBe(200);
    const event = (await orderEventIds(order.id)).find((each) => each.type === 'OrderShipped');
    const envelope = await envelopeOf(event?.id ?? '');
    const email = 'ada@example.com';
    const before = (await emailsTo(email)).length;
    expect(await outcomeOf(await deliver(envelope))).toBe('queued');
    const sent = await awaitEmail(email, before + 1);
    expect(sent.subject).toContain(order.number);
    expect(sent.text).toContain('DHL');
    expect(sent.text).toContain('00340434161094042557');
    expect(sent.text).toContain('https://track.example/00340434');
    expect(sent.html).toContain('href="https://track.example/00340434"');
  });

  it("reminds a signed-in customer of their cart, in their language, and leaves a guest's cart alone", async () => {
    const session = await register({ firstName: 'Grete', locale: 'de-DE' });
    const cartEvent = (id: string, customerId: string | null) => ({
      id,
      type: 'CartAbandoned',
      version: 1,
      sequence: 1,
      occurredAt: new Date().toISOString(),
      aggregate: { type: 'cart', id: 'cart_01jd7x6q2n8v0c4r5s6t7u8v9w' },
      data: {
        cartId: 'cart_01jd7x6q2n8v0c4r5s6t7u8v9w',
        customerId,
        currency: 'EUR',
        market: 'de',
        subtotal: 9_800,
        itemCount: 2,
        lines: [
          {
            variantId: 'var_01jd7x6q2n8v0c4r5s6t7u8v9w',
            sku: 'LS-1',
            title: 'Leinenhemd',
            quantity: 2,
            unitPrice: 4_900,
          },
        ],
        lastChangedAt: new Date().toISOString(),
      },
    });
    const suffix = uniqueSuffix()
      .toLowerCase()
      .replace(/[^0-9a-z]/g, '')
      .slice(0, 16)
      .padEnd(16, '0');
    expect(await outcomeOf(await deliver(cartEvent(`evt_guest${suffix}`, null)))).toBe('ignored');
    expect(await outcomeOf(await deliver(cartEvent(`evt_cust${suffix}`, session.customer.id)))).toBe(
      'queued',
    );
    // After the verification email registration sent.
    const reminder = await awaitEmail(session.customer.email, 2);
    expect(reminder.subject).toContain('Warenkorb');
    expect(reminder.text).toContain('Hallo Grete,');
    // German money: comma decimals, the euro sign after the amount.
    expect(reminder.text).toMatch(/98,00\s€/);
  });

  it('refuses what is not an event, data that does not match its type, and an unsigned delivery', async () => {
    await expectProblem(await deliver({ hello: 'world' }), 400, 'validation_failed');
    const problem = await expectProblem(
      await deliver({
        id: 'evt_0000000000000000000000000b',
        type: 'OrderCreated',
        version: 1,
        sequence: 1,
        occurredAt: new Date().toISOString(),
        aggregate: { type: 'order', id: 'ord_x' },
        data: { orderId: 'ord_x' },
      }),
      400,
      'validation_failed',
    );
    expect(JSON.stringify(problem.errors)).toContain('data.');
    await expectProblem(await deliver({ id: 'evt_x' }, '/v1/integrations/pim/products'), 401, 'unauthorized');
    const unsigned = await exports.default.fetch(`${API_ORIGIN}${PATH}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{}',
    });
    await expectProblem(unsigned, 401, 'unauthorized');
  });
});
