import { isId } from '@edge-commerce/domain';
import { describe, expect, it } from 'vitest';
import type { RecordedDelivery } from '../partners/inbox';
import { matchReceipts, orderCreatedData, relayEventRoutes } from './relay-flow';
import { firstReceipts } from './relay-process';
import type { WriteRecord } from './relay-writes';
import type { RelayPoint } from './report';
import { relayTargets } from './targets';

const write = (title: string, answeredAt: number): WriteRecord => ({
  title,
  status: 200,
  ms: 5,
  answeredAt,
  statements: 14,
});

const delivery = (
  eventId: string,
  outcome: RecordedDelivery['outcome'],
  receivedAt: string,
): RecordedDelivery => ({
  messageId: `msg_${eventId}`,
  retried: 0,
  eventId,
  type: 'ProductUpdated',
  sequence: 1,
  aggregate: { type: 'product', id: 'prod_1' },
  outcome,
  receivedAt,
});

describe('relay flow', () => {
  it('times each write to its event by title, and each event to its receipt by id; a lost one is missing', () => {
    const writes = [write('t 0.0', 1_000), write('t 0.1', 1_000), write('t 1.0', 1_050)];
    const events = [
      { eventId: 'evt_a', title: 't 0.0', occurredAt: 990, publishedAt: 1_030 },
      { eventId: 'evt_b', title: 't 0.1', occurredAt: 990, publishedAt: 1_030 },
      { eventId: 'evt_c', title: 't 1.0', occurredAt: 1_040, publishedAt: null },
    ];
    const receipts = [
      { eventId: 'evt_b', receivedAt: 1_040 },
      { eventId: 'evt_a', receivedAt: 1_020 },
      { eventId: 'evt_x', receivedAt: 1_021 },
    ];
    const matched = matchReceipts(writes, events, receipts);
    expect(matched.arrived).toBe(2);
    expect(matched.missing).toBe(1);
    expect(matched.responseToReceipt).toEqual({ p50Ms: 20, p99Ms: 40 });
    expect(matched.occurredToReceipt).toEqual({ p50Ms: 30, p99Ms: 50 });
    expect(matched.occurredToMarked).toEqual({ p50Ms: 40, p99Ms: 40 });
  });

  it('counts an event received once, at its first acknowledged delivery, stale ones included', () => {
    const receipts = firstReceipts([
      delivery('evt_a', 'failed', '2026-12-03T10:00:00.000Z'),
      delivery('evt_a', 'applied', '2026-12-03T10:00:01.000Z'),
      delivery('evt_b', 'stale', '2026-12-03T10:00:02.000Z'),
      delivery('evt_a', 'duplicate', '2026-12-03T10:00:03.000Z'),
      delivery('evt_c', 'refused', '2026-12-03T10:00:04.000Z'),
    ]);
    expect(receipts).toEqual([
      { eventId: 'evt_a', receivedAt: Date.parse('2026-12-03T10:00:01.000Z') },
      { eventId: 'evt_b', receivedAt: Date.parse('2026-12-03T10:00:02.000Z') },
    ]);
  });

  it('makes OrderCreated data of about a kilobyte, with ids of their kinds and totals that add up', () => {
    const data = orderCreatedData(1_234_567, new Date('2026-12-03T10:00:00.000Z'));
    const size = JSON.stringify(data).length;
    expect(size).toBeGreaterThan(800);
    expect(size).toBeLessThan(1_400);
    expect(isId('order', data.orderId)).toBe(true);
    expect(isId('cart', data.cartId)).toBe(true);
    expect(
      data.lines.every((line) => isId('orderLine', line.lineId) && isId('variant', line.variantId)),
    ).toBe(true);
    expect(data.orderNumber).toBe('001-234-567');
    const { subtotal, shipping, tax, discounts, grandTotal } = data.totals;
    expect(grandTotal).toBe(subtotal - discounts + shipping + tax);
    expect(orderCreatedData(1, new Date()).orderId).not.toBe(orderCreatedData(1, new Date()).orderId);
  });

  it('routes the backlog to its partners (the WMS ordered) and product changes to the PIM', () => {
    expect(relayEventRoutes('http://127.0.0.1:9', ['analytics', 'wms'])).toEqual({
      pim: { url: 'http://127.0.0.1:9/pim/events', events: ['ProductUpdated'] },
      analytics: { url: 'http://127.0.0.1:9/analytics/events', events: ['OrderCreated'] },
      wms: { url: 'http://127.0.0.1:9/wms/events', events: ['OrderCreated'], ordered: true },
    });
  });
});

function relayPoint(eventsPerSecond: number, outcomes: Record<string, number>): RelayPoint {
  const latencies = { p50Ms: 30, p99Ms: 90 };
  return {
    baseline: { connections: 1, requestsPerSecond: 4_000, p50Ms: 0.2 },
    settledBeforehand: 0,
    backlogs: [
      {
        events: 10_000,
        partners: ['analytics'],
        publishSeconds: 10_000 / eventsPerSecond,
        eventsPerSecond,
        unpublished: 0,
        kicks: 1,
        firstPageMs: 100,
        pages: 100,
        pageMs: latencies,
        deliveredSeconds: 12,
        deliveredPerSecond: 10_000 / 12,
        delivered: 10_000,
        outcomes,
        deadLetters: 0,
      },
    ],
    steady: {
      eventsPerSecondAsked: 100,
      eventsPerWrite: 5,
      eventsPerSecondSent: 99.8,
      seconds: 5,
      writes: 500,
      ok: 500,
      failures: {},
      writeMs: latencies,
      writeStatements: 14,
      arrived: 500,
      missing: 0,
      responseToReceipt: latencies,
      occurredToReceipt: latencies,
      occurredToMarked: latencies,
      unmarked: 0,
      outcomes: { applied: 500 },
    },
  };
}

describe('relay targets', () => {
  it('passes 1,000 events/s from the backlog, and reads it against the baseline', () => {
    const [throughput, latency] = relayTargets(relayPoint(1_250, { applied: 10_000 }));
    expect(throughput?.pass).toBe(true);
    expect(throughput?.measured).toContain('1250 events/s');
    expect(throughput?.measured).toContain('0.313 × baseline');
    expect(latency?.pass).toBe(true);
    expect(latency?.measured).toContain("from the write's answer p50 30.0 ms, p99 90.0 ms");
  });

  it('fails a slower backlog, and one whose events were retried, however fast', () => {
    expect(relayTargets(relayPoint(950, { applied: 10_000 }))[0]?.pass).toBe(false);
    const retried = relayTargets(relayPoint(2_000, { applied: 10_000, failed: 3 }))[0];
    expect(retried?.pass).toBe(false);
    expect(retried?.measured).toContain('failed×3');
  });
});
