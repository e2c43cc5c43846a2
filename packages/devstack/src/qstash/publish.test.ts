import { Receiver } from '@upstash/qstash';
import { describe, expect, it } from 'vitest';
import type { QStashStandInOptions } from './server';
import { type DestinationAnswer, qstashFor, type ReceivedDelivery, standInWithDestination } from './testing';

const standInWith = (
  answer?: (delivery: ReceivedDelivery, index: number) => DestinationAnswer,
  options: QStashStandInOptions = {},
) => standInWithDestination({ delivery: { retryBaseDelayMs: 20 }, ...options }, answer);

describe('publishing through the real SDK, deliveries verified by the real Receiver', () => {
  it('delivers a publishJSON once, body unchanged, signed with the current key, with QStash’s headers', async () => {
    const { standIn, destination } = await standInWith();
    const qstash = qstashFor(standIn);
    const url = `${destination.url}/v1/integrations/pim/products?batch=7`;
    const body = { products: [{ handle: 'blue-shirt', version: 3 }], note: 'naïve café' };

    const published = await qstash.publishJSON({ url, body, headers: { 'X-Export-Batch': 'pim-7' } });
    await standIn.idle();

    expect(published).toEqual({ messageId: expect.stringMatching(/^msg_\w{35}$/), url });
    expect(destination.refused).toEqual([]);
    expect(destination.received).toHaveLength(1);
    const [delivery] = destination.received;
    expect(delivery).toMatchObject({
      method: 'POST',
      url,
      body: JSON.stringify(body),
      messageId: published.messageId,
      retried: 0,
    });
    expect(delivery?.headers).toMatchObject({
      'content-type': 'application/json',
      'x-export-batch': 'pim-7',
      'user-agent': 'Upstash-QStash',
      'upstash-caller-ip': '127.0.0.1',
    });
    // Nothing of the publish request but what QStash forwards reaches the destination.
    expect(
      Object.keys(delivery?.headers ?? {}).filter((name) => name.startsWith('upstash-forward-')),
    ).toEqual([]);
    expect(delivery?.headers.authorization).toBeUndefined();
    // Signed with the current key: a receiver holding the current key and some other next key accepts it…
    const signature = String(delivery?.headers['upstash-signature']);
    const currentOnly = new Receiver({
      currentSigningKey: standIn.currentSigningKey,
      nextSigningKey: 'sig_notTheNextKey',
      devMode: false,
    });
    await expect(currentOnly.verify({ signature, body: String(delivery?.body), url })).resolves.toBe(true);
    // …and one holding only the next key refuses it.
    const nextOnly = new Receiver({
      currentSigningKey: standIn.nextSigningKey,
      nextSigningKey: standIn.nextSigningKey,
      devMode: false,
    });
    await expect(nextOnly.verify({ signature, body: String(delivery?.body), url })).rejects.toThrow();
    expect(standIn.attempts()).toMatchObject([{ messageId: published.messageId, attempt: 1, status: 200 }]);
  });

  it('delivers each message of a batchJSON to its own destination, answering an id per message', async () => {
    const { standIn, destination } = await standInWith();
    const qstash = qstashFor(standIn);
    const published = await qstash.batchJSON([
      { url: `${destination.url}/orders`, body: { type: 'OrderPlaced', id: 'ord_1' } },
      { url: `${destination.url}/stock`, body: { type: 'StockReserved', sku: 'sku_1' }, method: 'PUT' },
    ]);
    await standIn.idle();

    expect(published).toEqual([
      { messageId: expect.stringMatching(/^msg_/), url: `${destination.url}/orders` },
      { messageId: expect.stringMatching(/^msg_/), url: `${destination.url}/stock` },
    ]);
    const byPath = Object.fromEntries(destination.received.map((delivery) => [delivery.path, delivery]));
    expect(byPath['/orders']).toMatchObject({
      method: 'POST',
      body: '{"type":"OrderPlaced","id":"ord_1"}',
      messageId: published[0]?.messageId,
    });
    expect(byPath['/stock']).toMatchObject({
      method: 'PUT',
      body: '{"type":"StockReserved","sku":"sku_1"}',
      messageId: published[1]?.messageId,
    });
    expect(destination.received).toHaveLength(2);
    expect(destination.refused).toEqual([]);
  });

  it('takes a second publish with the same deduplication id (202, same id, deduplicated) without delivering it', async () => {
    const { standIn, destination } = await standInWith();
    const qstash = qstashFor(standIn);
    const url = `${destination.url}/events`;
    const first = await qstash.publishJSON({ url, body: { n: 1 }, deduplicationId: 'evt_42' });
    const again = await qstash.publishJSON({ url, body: { n: 1 }, deduplicationId: 'evt_42' });
    const other = await qstash.publishJSON({ url, body: { n: 2 }, deduplicationId: 'evt_43' });
    await standIn.idle();

    expect(again).toEqual({ messageId: first.messageId, url, deduplicated: true });
    expect(first.deduplicated).toBeUndefined();
    expect(other.messageId).not.toBe(first.messageId);
    expect(destination.received.map((delivery) => delivery.body)).toEqual(['{"n":1}', '{"n":2}']);

    const status = await fetch(`${standIn.url}/v2/publish/${url}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${standIn.token}`, 'upstash-deduplication-id': 'evt_42' },
      body: '{"n":1}',
    });
    expect(status.status).toBe(202);
  });

  it('with content-based deduplication, delivers the same destination, headers and body once', async () => {
    const { standIn, destination } = await standInWith();
    const qstash = qstashFor(standIn);
    const url = `${destination.url}/events`;
    const publish = (body: unknown) => qstash.publishJSON({ url, body, contentBasedDeduplication: true });
    const first = await publish({ sku: 'sku_1', onHand: 5 });
    const same = await publish({ sku: 'sku_1', onHand: 5 });
    const changed = await publish({ sku: 'sku_1', onHand: 4 });
    await standIn.idle();

    expect(same).toMatchObject({ messageId: first.messageId, deduplicated: true });
    expect(changed.deduplicated).toBeUndefined();
    expect(destination.received).toHaveLength(2);
  });

  it('holds a delayed message until it is due', async () => {
    const { standIn, destination } = await standInWith();
    const publishing = Date.now();
    const published = await qstashFor(standIn).publishJSON({
      url: `${destination.url}/later`,
      body: {},
      delay: 1,
    });
    expect(standIn.pending()).toMatchObject([{ messageId: published.messageId }]);
    await standIn.idle();
    expect(destination.received).toHaveLength(1);
    expect(Number(destination.received[0]?.at) - publishing).toBeGreaterThanOrEqual(990);
  });
});
