import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { freePort } from '../ports';
import { type QStashStandIn, startQStashStandIn } from '../qstash/server';
import { newQStashSigningKey, signQStashDelivery } from '../qstash/signer';
import { qstashFor, startDestination } from '../qstash/testing';
import { type Partners, startPartners } from './server';

// The local partners behind the QStash stand-in: every delivery verified with the real Receiver,
// each event applied once however often it comes, and failing as told so QStash retries.

let qstash: QStashStandIn;
let partners: Partners;

beforeAll(async () => {
  const signingKeys = { current: newQStashSigningKey(), next: newQStashSigningKey() };
  qstash = await startQStashStandIn({
    currentSigningKey: signingKeys.current,
    nextSigningKey: signingKeys.next,
    delivery: { retryBaseDelayMs: 20, retryMaxDelayMs: 80 },
  });
  partners = await startPartners({ port: await freePort(), signingKeys });
});

afterAll(async () => {
  await qstash.stop();
  await partners.stop();
});

beforeEach(() => partners.reset());

const envelope = (id: string, sequence = 1, aggregateId = 'ord_1') => ({
  id,
  type: 'OrderCreated',
  version: 1,
  occurredAt: new Date().toISOString(),
  sequence,
  aggregate: { type: 'order', id: aggregateId },
  data: {},
});

describe('the local partners', () => {
  it('apply an event delivered by QStash once, and count a second delivery as a duplicate', async () => {
    const client = qstashFor(qstash);
    await client.publishJSON({ url: partners.eventsUrl('wms'), body: envelope('evt_a') });
    await client.publishJSON({ url: partners.eventsUrl('wms'), body: envelope('evt_a') });
    await qstash.idle();
    expect(partners.deliveries('wms').map((delivery) => delivery.outcome)).toEqual(['applied', 'duplicate']);
    expect(partners.effects('wms')).toEqual([
      expect.objectContaining({
        eventId: 'evt_a',
        type: 'OrderCreated',
        aggregate: { type: 'order', id: 'ord_1' },
      }),
    ]);
    expect(partners.deliveries('crm')).toEqual([]);
  });

  it("keep one aggregate's events in order: an older one overtaken by a newer is stale, not applied", async () => {
    const client = qstashFor(qstash);
    for (const [id, sequence, order] of [
      ['evt_new', 7, 'ord_2'],
      ['evt_old', 5, 'ord_2'],
      ['evt_other', 6, 'ord_3'],
    ] as const) {
      await client.publishJSON({ url: partners.eventsUrl('wms'), body: envelope(id, sequence, order) });
      await qstash.idle();
    }
    expect(partners.deliveries('wms').map((delivery) => [delivery.eventId, delivery.outcome])).toEqual([
      ['evt_new', 'applied'],
      ['evt_old', 'stale'],
      ['evt_other', 'applied'],
    ]);
  });

  it('fail as told, so QStash retries, and apply the event when it comes back', async () => {
    partners.behave('analytics', { failNext: 2 });
    await qstashFor(qstash).publishJSON({ url: partners.eventsUrl('analytics'), body: envelope('evt_b') });
    await qstash.idle();
    expect(partners.deliveries('analytics').map((delivery) => [delivery.outcome, delivery.retried])).toEqual([
      ['failed', 0],
      ['failed', 1],
      ['applied', 2],
    ]);
  });

  it('leave a message to the DLQ while down', async () => {
    partners.behave('pim', { down: true });
    await qstashFor(qstash).publishJSON({
      url: partners.eventsUrl('pim'),
      body: envelope('evt_c'),
      retries: 1,
    });
    await qstash.idle();
    expect(partners.effects('pim')).toEqual([]);
    expect(qstash.dlq().some((message) => message.url === partners.eventsUrl('pim'))).toBe(true);
  });

  it('refuse a forged signature, one for another URL and a tampered body, applying nothing', async () => {
    const body = JSON.stringify(envelope('evt_d'));
    const url = partners.eventsUrl('crm');
    const send = (signature: string, sent = body) =>
      fetch(url, { method: 'POST', headers: { 'Upstash-Signature': signature }, body: sent });
    const forged = await signQStashDelivery({ signingKey: newQStashSigningKey(), url, body });
    const elsewhere = await signQStashDelivery({
      signingKey: qstash.currentSigningKey,
      url: `${url}x`,
      body,
    });
    const genuine = await signQStashDelivery({ signingKey: qstash.currentSigningKey, url, body });
    expect((await send(forged)).status).toBe(401);
    expect((await send(elsewhere)).status).toBe(401);
    expect((await send(genuine, body.replace('evt_d', 'evt_e'))).status).toBe(401);
    expect(partners.deliveries('crm').map((delivery) => delivery.outcome)).toEqual([
      'refused',
      'refused',
      'refused',
    ]);
    expect((await send(genuine)).status).toBe(200);
    expect(partners.effects('crm')).toHaveLength(1);
  });

  it('are told how to behave, and read, over HTTP', async () => {
    const behaviour = await fetch(`${partners.url}/_control/wms/behaviour`, {
      method: 'PUT',
      body: JSON.stringify({ failRate: 2 }),
    });
    expect(behaviour.status).toBe(400);
    expect(
      (await fetch(`${partners.url}/_control/wms/behaviour`, { method: 'PUT', body: '{"failNext":1}' }))
        .status,
    ).toBe(200);
    await qstashFor(qstash).publishJSON({ url: partners.eventsUrl('wms'), body: envelope('evt_f') });
    await qstash.idle();
    const read = (await (await fetch(`${partners.url}/_control/wms/deliveries`)).json()) as {
      deliveries: { outcome: string }[];
    };
    expect(read.deliveries.map((delivery: { outcome: string }) => delivery.outcome)).toEqual([
      'failed',
      'applied',
    ]);
    expect((await fetch(`${partners.url}/_control/nobody/deliveries`)).status).toBe(404);
  });

  it('push a CRM message to the API through QStash, twice as two messages when told, signed for the URL', async () => {
    // The API stands here as a destination verifying with the real Receiver, as the Worker does.
    const api = await startDestination(qstash);
    const crm = await startPartners({
      port: await freePort(),
      signingKeys: { current: qstash.currentSigningKey, next: qstash.nextSigningKey },
      qstash: { url: qstash.url, token: qstash.token },
      apiUrl: api.url,
    });
    try {
      const body = { ticketId: 'ZD-1', customerId: 'cus_1', subject: 'Hello', status: 'open' };
      const pushed = await fetch(`${crm.url}/_control/crm/push`, {
        method: 'POST',
        body: JSON.stringify({ path: '/v1/integrations/crm/tickets', body, twice: true }),
      });
      expect(pushed.status).toBe(202);
      const { messageIds } = (await pushed.json()) as { messageIds: string[] };
      expect(new Set(messageIds).size).toBe(2);
      await qstash.idle();

      expect(api.refused).toEqual([]);
      expect(api.received.map((delivery) => [delivery.path, delivery.messageId])).toEqual(
        messageIds.map((id) => ['/v1/integrations/crm/tickets', id]),
      );
      for (const delivery of api.received) {
        expect(JSON.parse(delivery.body)).toEqual(body);
        expect(delivery.headers['content-type']).toBe('application/json');
      }

      for (const refused of [
        { path: '/v1/admin/products', body },
        { path: 'v1/integrations/crm/tickets', body },
        { path: '/v1/integrations/crm/profiles' },
        { path: '/v1/integrations/crm/profiles', body, twice: 'yes' },
      ]) {
        const answer = await fetch(`${crm.url}/_control/crm/push`, {
          method: 'POST',
          body: JSON.stringify(refused),
        });
        expect(answer.status, JSON.stringify(refused)).toBe(400);
      }
      // Only the CRM pushes; partners started without QStash have nothing to push through.
      const wms = await fetch(`${crm.url}/_control/wms/push`, { method: 'POST', body: '{}' });
      expect(wms.status).toBe(404);
      const unwired = await fetch(`${partners.url}/_control/crm/push`, {
        method: 'POST',
        body: JSON.stringify({ path: '/v1/integrations/crm/tickets', body }),
      });
      expect(unwired.status).toBe(503);
      expect(api.received).toHaveLength(2);
    } finally {
      await crm.stop();
      await api.stop();
    }
  });
});
