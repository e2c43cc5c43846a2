import { QstashError } from '@upstash/qstash';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type QStashStandIn, startQStashStandIn } from './server';
import { type Destination, qstashFor, startDestination, thrownBy } from './testing';

const running: { stop(): Promise<void> }[] = [];
afterEach(async () => {
  for (const each of running.splice(0).reverse()) await each.stop();
});
// The SDK logs every refused call to the console; the tests assert on what it throws instead.
beforeEach(() => {
  vi.spyOn(console, 'error').mockImplementation(() => undefined);
});

async function standInWithDestination(): Promise<{ standIn: QStashStandIn; destination: Destination }> {
  const standIn = await startQStashStandIn({ delivery: { retryBaseDelayMs: 10 } });
  running.push(standIn);
  const destination = await startDestination(standIn, (delivery) =>
    delivery.path === '/broken' ? 500 : 200,
  );
  running.push(destination);
  return { standIn, destination };
}

describe('messages through the SDK', () => {
  it('shows a pending message with messages.get, and messages.delete cancels it before it is delivered', async () => {
    const { standIn, destination } = await standInWithDestination();
    const qstash = qstashFor(standIn);
    standIn.pause();
    const url = `${destination.url}/orders`;
    const kept = await qstash.publishJSON({ url, body: { id: 'ord_1' } });
    const cancelled = await qstash.publishJSON({
      url,
      body: { id: 'ord_2' },
      retries: 1,
      callback: `${destination.url}/done`,
      flowControl: { key: 'ord_2', parallelism: 1 },
      label: 'checkout',
    });

    expect(await qstash.messages.get(cancelled.messageId)).toMatchObject({
      messageId: cancelled.messageId,
      url,
      method: 'POST',
      body: '{"id":"ord_2"}',
      header: { 'Content-Type': ['application/json'] },
      maxRetries: 1,
      callback: `${destination.url}/done`,
      flowControlKey: 'ord_2',
      parallelism: 1,
      labels: ['checkout'],
      createdAt: expect.any(Number),
      notBefore: expect.any(Number),
    });
    await qstash.messages.delete(cancelled.messageId);
    standIn.resume();
    await standIn.idle();

    expect(destination.received.map((delivery) => delivery.messageId)).toEqual([kept.messageId]);
    // Gone once delivered or cancelled, as in QStash.
    for (const id of [kept.messageId, cancelled.messageId]) {
      const missing = await thrownBy(qstash.messages.get(id));
      expect(missing).toBeInstanceOf(QstashError);
      expect(missing.status).toBe(404);
    }
    expect(await thrownBy(qstash.messages.cancel(cancelled.messageId))).toMatchObject({ status: 404 });
  });

  it('cancels in bulk by ids or all, answering how many', async () => {
    const { standIn, destination } = await standInWithDestination();
    const qstash = qstashFor(standIn);
    standIn.pause();
    const ids = [];
    for (let n = 0; n < 4; n++)
      ids.push((await qstash.publishJSON({ url: `${destination.url}/x`, body: { n } })).messageId);
    expect(await qstash.messages.cancel([String(ids[0]), String(ids[1])])).toEqual({ cancelled: 2 });
    expect(await qstash.messages.cancel(String(ids[2]))).toEqual({ cancelled: 1 });
    expect(await qstash.messages.cancel({ all: true })).toEqual({ cancelled: 1 });
    standIn.resume();
    await standIn.idle();
    expect(destination.received).toEqual([]);
  });
});

describe('the DLQ through the SDK', () => {
  it('lists a page at a time with a cursor, deletes one or many, and retries one', async () => {
    const { standIn, destination } = await standInWithDestination();
    const qstash = qstashFor(standIn);
    const dead = [];
    for (let n = 0; n < 4; n++)
      dead.push(await qstash.publishJSON({ url: `${destination.url}/broken`, body: { n }, retries: 0 }));
    await standIn.idle();

    // Oldest failure first; the four failed at about the same time, in whichever order they were answered.
    const first = await qstash.dlq.listMessages({ count: 3 });
    expect(first.messages).toHaveLength(3);
    expect(first.cursor).toEqual(expect.any(String));
    const second = await qstash.dlq.listMessages({ count: 3, cursor: first.cursor });
    expect(second.messages).toHaveLength(1);
    expect(second.cursor).toBeUndefined();
    const all = [...first.messages, ...second.messages];
    expect(all.map((message) => message.messageId).sort()).toEqual(
      dead.map((message) => message.messageId).sort(),
    );
    expect(all.every((message) => message.dlqId && message.responseStatus === 500)).toBe(true);
    expect(
      (await qstash.dlq.listMessages({ filter: { messageId: all[2]?.messageId } })).messages.map(
        (message) => message.dlqId,
      ),
    ).toEqual([all[2]?.dlqId]);

    await qstash.dlq.delete(String(all[0]?.dlqId));
    expect(await qstash.dlq.deleteMany({ dlqIds: [String(all[1]?.dlqId), String(all[2]?.dlqId)] })).toEqual({
      deleted: 2,
    });
    expect(await thrownBy(qstash.dlq.delete(String(all[0]?.dlqId)))).toMatchObject({ status: 404 });
    expect(standIn.dlq().map((message) => message.dlqId)).toEqual([all[3]?.dlqId]);

    // Retried: published again as a new message (here failing again, so back in the DLQ).
    const retried = await qstash.dlq.retry(String(all[3]?.dlqId));
    expect(retried.responses).toEqual([
      { messageId: expect.stringMatching(/^msg_/), url: `${destination.url}/broken` },
    ]);
    await standIn.idle();
    expect(destination.received.at(-1)?.body).toBe(all[3]?.body);
    expect(standIn.dlq().map((message) => message.messageId)).toEqual([retried.responses[0]?.messageId]);
    expect(await qstash.dlq.delete({ all: true })).toEqual({ deleted: 1 });
    expect((await qstash.dlq.listMessages()).messages).toEqual([]);
  });
});

describe('errors in QStash’s shape', () => {
  it('refuses a wrong token with 401 and enqueues nothing', async () => {
    const { standIn, destination } = await standInWithDestination();
    const error = await thrownBy(
      qstashFor(standIn, 'not-the-token').publishJSON({ url: `${destination.url}/x`, body: {} }),
    );
    expect(error).toBeInstanceOf(QstashError);
    expect(error).toMatchObject({ status: 401, message: '{"error":"Unauthorized"}' });
    const noHeader = await fetch(`${standIn.url}/v2/dlq`);
    expect(noHeader.status).toBe(401);
    expect(await noHeader.json()).toEqual({ error: 'Unauthorized' });
    expect(standIn.pending()).toEqual([]);
  });

  it('refuses an invalid destination, a malformed batch, an unknown message and an id QStash refuses', async () => {
    const { standIn, destination } = await standInWithDestination();
    const qstash = qstashFor(standIn);
    const errorOf = async (call: Promise<unknown>) => {
      const error = await thrownBy(call);
      return { status: error.status, body: JSON.parse(error.message) as unknown };
    };

    expect(await errorOf(qstash.publishJSON({ url: 'ftp://example.com/x', body: {} }))).toEqual({
      status: 400,
      body: { error: 'invalid destination url: endpoint has invalid scheme, add http:// or https://' },
    });
    expect(await errorOf(qstash.messages.get('msg_unknown'))).toEqual({
      status: 404,
      body: { error: 'message msg_unknown not found' },
    });
    expect(
      await errorOf(
        qstash.publishJSON({ url: `${destination.url}/x`, body: {}, deduplicationId: 'OrderPlaced:ord_1' }),
      ),
    ).toEqual({ status: 400, body: { error: "DeduplicationId cannot contain ':'" } });
    expect(
      await errorOf(qstash.publishJSON({ url: `${destination.url}/x`, body: {}, retryDelay: '1000' })),
    ).toEqual({
      status: 400,
      body: {
        error: expect.stringMatching(
          /^The Upstash-Retry-Delay header is not modelled by the local QStash stand-in/,
        ),
      },
    });

    const batch = (body: string) =>
      fetch(`${standIn.url}/v2/batch`, {
        method: 'POST',
        headers: { authorization: `Bearer ${standIn.token}`, 'content-type': 'application/json' },
        body,
      }).then(async (response) => ({ status: response.status, body: (await response.json()) as unknown }));
    expect(await batch('{"destination":"http://127.0.0.1:9/x"}')).toEqual({
      status: 400,
      body: { error: 'invalid batch request: the body must be a JSON array of messages' },
    });
    // One bad message refuses the whole batch: the good one before it is not enqueued either.
    expect(
      await batch(JSON.stringify([{ destination: `${destination.url}/x`, body: '{}' }, { body: '{}' }])),
    ).toEqual({ status: 400, body: { error: 'invalid batch request: message 1 has no destination' } });
    expect(standIn.pending()).toEqual([]);
    await standIn.idle();
    expect(destination.received).toEqual([]);
  });
});
