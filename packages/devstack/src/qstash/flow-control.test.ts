import { describe, expect, it } from 'vitest';
import {
  type Destination,
  type DestinationAnswer,
  qstashFor,
  type ReceivedDelivery,
  standInWithDestination,
} from './testing';

const standInWith = (answer: (delivery: ReceivedDelivery, index: number) => DestinationAnswer) =>
  standInWithDestination({ delivery: { retryBaseDelayMs: 150 } }, answer);

const versions = (destination: Destination, path: string) =>
  destination.received
    .filter((delivery) => delivery.path === path)
    .map((delivery) => (JSON.parse(delivery.body) as { version: number }).version);

describe('flow control (Upstash-Flow-Control-Key, parallelism=N)', () => {
  it('with parallelism 1, sends one message of a key at a time, in publish order, to a slow destination', async () => {
    // Slow answers: while version 1 is answered, the later ones wait in the key's waitlist.
    const { standIn, destination } = await standInWith(() => ({ status: 200, delayMs: 60 }));
    const qstash = qstashFor(standIn);
    const flowControl = { key: 'cart_42', parallelism: 1 };
    for (let version = 1; version <= 5; version++)
      await qstash.publishJSON({ url: `${destination.url}/cart`, body: { version }, flowControl });
    await standIn.idle();

    expect(versions(destination, '/cart')).toEqual([1, 2, 3, 4, 5]);
    expect(destination.maxConcurrent).toBe(1);
    const attempts = standIn.attempts();
    for (let index = 1; index < attempts.length; index++)
      expect(Number(attempts[index]?.startedAt)).toBeGreaterThanOrEqual(Number(attempts[index - 1]?.at));
    expect(standIn.pending()).toEqual([]);
  });

  it('limits each key on its own: parallelism is per key, not per destination', async () => {
    const { standIn, destination } = await standInWith(() => ({ status: 200, delayMs: 100 }));
    const qstash = qstashFor(standIn);
    await qstash.batchJSON(
      [1, 2, 3].flatMap((version) => [
        { url: `${destination.url}/a`, body: { version }, flowControl: { key: 'cart_a', parallelism: 1 } },
        { url: `${destination.url}/b`, body: { version }, flowControl: { key: 'cart_b', parallelism: 2 } },
      ]),
    );
    await standIn.idle();
    expect(versions(destination, '/a')).toEqual([1, 2, 3]);
    expect(versions(destination, '/b').sort()).toEqual([1, 2, 3]);
    // One of cart_a beside up to two of cart_b: neither key waits for the other.
    expect(destination.maxConcurrent).toBeGreaterThan(1);
    expect(destination.maxConcurrent).toBeLessThanOrEqual(3);
  });

  it('lets a later message of the key overtake one waiting out its backoff, as QStash counts only calls in flight', async () => {
    const { standIn, destination } = await standInWith((delivery, index) =>
      index === 0 && delivery.path === '/cart' ? 503 : 200,
    );
    const qstash = qstashFor(standIn);
    const flowControl = { key: 'cart_7', parallelism: 1 };
    for (let version = 1; version <= 2; version++)
      await qstash.publishJSON({ url: `${destination.url}/cart`, body: { version }, flowControl });
    await standIn.idle();

    // Version 1 failed once; version 2 went while version 1 waited for its retry. For strict
    // per-aggregate order QStash offers its Queues (FIFO, the next waits for retries), not flow control.
    expect(versions(destination, '/cart')).toEqual([1, 2, 1]);
    expect(destination.received.map((delivery) => delivery.retried)).toEqual([0, 0, 1]);
  });
});
