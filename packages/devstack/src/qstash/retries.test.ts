import { describe, expect, it } from 'vitest';
import type { CallbackBody } from './callback-body';
import { type DestinationAnswer, qstashFor, type ReceivedDelivery, standInWithDestination } from './testing';

const BASE_DELAY_MS = 40;

const standInWith = (
  answer?: (delivery: ReceivedDelivery, index: number) => DestinationAnswer,
  timeoutMs?: number,
) =>
  standInWithDestination(
    {
      delivery: {
        retryBaseDelayMs: BASE_DELAY_MS,
        retryMaxDelayMs: 1_000,
        ...(timeoutMs ? { timeoutMs } : {}),
      },
    },
    answer,
  );

const decode = (base64: string) => Buffer.from(base64, 'base64').toString('utf8');

describe('retries, the DLQ and callbacks', () => {
  it('retries a message answered 500 twice, with backoff, until it is taken', async () => {
    const { standIn, destination } = await standInWith((_delivery, index) => (index < 2 ? 500 : 200));
    const published = await qstashFor(standIn).publishJSON({
      url: `${destination.url}/hook`,
      body: { n: 1 },
    });
    await standIn.idle();

    expect(destination.received.map((delivery) => [delivery.messageId, delivery.retried])).toEqual([
      [published.messageId, 0],
      [published.messageId, 1],
      [published.messageId, 2],
    ]);
    expect(standIn.attempts().map((attempt) => [attempt.attempt, attempt.status])).toEqual([
      [1, 500],
      [2, 500],
      [3, 200],
    ]);
    // Exponential backoff: the base delay before the first retry, twice it before the second.
    const [first, second, third] = standIn.attempts();
    expect(Number(second?.startedAt) - Number(first?.at)).toBeGreaterThanOrEqual(BASE_DELAY_MS - 2);
    expect(Number(third?.startedAt) - Number(second?.at)).toBeGreaterThanOrEqual(2 * BASE_DELAY_MS - 2);
    // Each attempt carries a fresh signature.
    expect(new Set(destination.received.map((delivery) => delivery.headers['upstash-signature'])).size).toBe(
      3,
    );
    expect(standIn.dlq()).toEqual([]);
  });

  it('retries an attempt that times out or finds no one listening, as a failed one', async () => {
    const { standIn, destination } = await standInWith(
      (_delivery, index) => ({ status: 200, delayMs: index === 0 ? 600 : 0 }),
      150,
    );
    const qstash = qstashFor(standIn);
    await qstash.publishJSON({ url: `${destination.url}/slow`, body: {} });
    await qstash.publishJSON({ url: 'http://127.0.0.1:9/nobody-listens', body: {}, retries: 1 });
    await standIn.idle();

    const slow = standIn.attempts().filter((attempt) => attempt.url.endsWith('/slow'));
    expect(slow.map((attempt) => [attempt.attempt, attempt.status])).toEqual([
      [1, null],
      [2, 200],
    ]);
    expect(slow[0]?.error).toBe('no answer within 150 ms');
    const unreachable = standIn.attempts().filter((attempt) => attempt.url.endsWith('/nobody-listens'));
    expect(unreachable.map((attempt) => [attempt.attempt, attempt.status])).toEqual([
      [1, null],
      [2, null],
    ]);
    expect(unreachable[0]?.error).toMatch(/ECONNREFUSED/);
    expect(standIn.dlq()).toMatchObject([{ url: 'http://127.0.0.1:9/nobody-listens' }]);
    expect(standIn.dlq()[0]?.responseStatus).toBeUndefined();
  });

  it('waits as long as a Retry-After asks instead of backing off', async () => {
    const { standIn, destination } = await standInWith((_delivery, index) =>
      index === 0 ? { status: 429, headers: { 'Retry-After': '1' } } : 200,
    );
    await qstashFor(standIn).publishJSON({ url: `${destination.url}/limited`, body: {} });
    await standIn.idle();
    const [first, second] = standIn.attempts();
    expect(Number(second?.startedAt) - Number(first?.at)).toBeGreaterThanOrEqual(990);
  });

  it('puts a message failing every attempt in the DLQ after its retries, and fires its failure callback', async () => {
    const { standIn, destination } = await standInWith((delivery) =>
      delivery.path === '/always-fails'
        ? { status: 503, body: 'stock service down', headers: { 'X-Reason': 'maintenance' } }
        : 200,
    );
    const qstash = qstashFor(standIn);
    const url = `${destination.url}/always-fails`;
    const failureCallback = `${destination.url}/failed`;
    const published = await qstash.publishJSON({
      url,
      body: { type: 'StockReserved', sku: 'sku_9' },
      retries: 2,
      failureCallback,
      headers: { 'X-Tenant': 'shop-1' },
    });
    await standIn.idle();

    const failing = destination.received.filter((delivery) => delivery.path === '/always-fails');
    expect(failing.map((delivery) => delivery.retried)).toEqual([0, 1, 2]);

    const { messages } = await qstash.dlq.listMessages();
    expect(messages).toHaveLength(1);
    const [dead] = messages;
    expect(dead).toMatchObject({
      dlqId: expect.stringMatching(/^\d{13}-\d+$/),
      messageId: published.messageId,
      url,
      method: 'POST',
      body: '{"type":"StockReserved","sku":"sku_9"}',
      maxRetries: 2,
      failureCallback,
      responseStatus: 503,
      responseBody: 'stock service down',
      header: { 'Content-Type': ['application/json'], 'X-Tenant': ['shop-1'] },
    });
    expect(dead?.responseHeader?.['X-Reason']).toEqual(['maintenance']);

    // The failure callback: once, after the last attempt, signed for its own URL (the destination verified it).
    const callbacks = destination.received.filter((delivery) => delivery.path === '/failed');
    expect(callbacks).toHaveLength(1);
    const [callback] = callbacks;
    expect(callback?.messageId).not.toBe(published.messageId);
    expect(callback?.headers['content-type']).toBe('application/json');
    const report = JSON.parse(String(callback?.body)) as CallbackBody;
    expect(report).toEqual({
      status: 503,
      header: expect.objectContaining({ 'X-Reason': ['maintenance'] }),
      body: Buffer.from('stock service down').toString('base64'),
      retried: 2,
      maxRetries: 2,
      dlqId: dead?.dlqId,
      sourceMessageId: published.messageId,
      url,
      method: 'POST',
      sourceHeader: { 'Content-Type': ['application/json'], 'X-Tenant': ['shop-1'] },
      sourceBody: Buffer.from('{"type":"StockReserved","sku":"sku_9"}').toString('base64'),
      notBefore: expect.stringMatching(/^\d{13}$/),
      createdAt: expect.stringMatching(/^\d{13}$/),
      callerIP: '127.0.0.1',
    });
    expect(destination.refused).toEqual([]);
  });

  it('reports each attempt to the callback with QStash’s callback body', async () => {
    const { standIn, destination } = await standInWith((delivery) =>
      delivery.path === '/reserve'
        ? { status: 201, body: '{"reservationId":"res_1"}', headers: { 'Content-Type': 'application/json' } }
        : 200,
    );
    const qstash = qstashFor(standIn);
    const url = `${destination.url}/reserve`;
    const callback = `${destination.url}/reserved?source=qstash`;
    const published = await qstash.publishJSON({
      url,
      body: { sku: 'sku_1', quantity: 2 },
      callback,
      method: 'PUT',
    });
    await standIn.idle();

    const callbacks = destination.received.filter((delivery) => delivery.path.startsWith('/reserved'));
    expect(callbacks).toHaveLength(1);
    const [delivery] = callbacks;
    expect(delivery).toMatchObject({ method: 'POST', url: callback, retried: 0 });
    expect(delivery?.messageId).toMatch(/^msg_/);
    expect(delivery?.messageId).not.toBe(published.messageId);
    const report = JSON.parse(String(delivery?.body)) as CallbackBody;
    expect(report).toEqual({
      status: 201,
      header: expect.objectContaining({ 'Content-Type': ['application/json'] }),
      body: expect.any(String),
      retried: 0,
      maxRetries: 3,
      sourceMessageId: published.messageId,
      url,
      method: 'PUT',
      sourceHeader: { 'Content-Type': ['application/json'] },
      sourceBody: expect.any(String),
      notBefore: expect.stringMatching(/^\d{13}$/),
      createdAt: expect.stringMatching(/^\d{13}$/),
      callerIP: '127.0.0.1',
    });
    expect(decode(report.body)).toBe('{"reservationId":"res_1"}');
    expect(decode(report.sourceBody)).toBe('{"sku":"sku_1","quantity":2}');
    expect(standIn.attempts().map((attempt) => [attempt.kind, attempt.sourceMessageId])).toEqual([
      ['message', null],
      ['callback', published.messageId],
    ]);
    expect(destination.refused).toEqual([]);
  });

  it('calls the callback after every attempt, failed ones too, as QStash documents', async () => {
    const { standIn, destination } = await standInWith((delivery, index) =>
      delivery.path === '/flaky' && index === 0 ? 500 : 200,
    );
    await qstashFor(standIn).publishJSON({
      url: `${destination.url}/flaky`,
      body: {},
      callback: `${destination.url}/callback`,
    });
    await standIn.idle();
    const reports = destination.received
      .filter((delivery) => delivery.path === '/callback')
      .map((delivery) => JSON.parse(delivery.body) as CallbackBody)
      .map((report) => [report.status, report.retried]);
    expect(reports).toEqual([
      [500, 0],
      [200, 1],
    ]);
  });
});
