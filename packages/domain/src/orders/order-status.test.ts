import { describe, expect, it } from 'vitest';
import {
  isCancellable,
  nextOrderStatus,
  nextPaymentStatus,
  ORDER_STATUSES,
  type OrderEvent,
  type OrderStatus,
  orderEventsFrom,
} from './order-status';

const ALL_EVENTS: OrderEvent[] = [
  'payment_succeeded',
  'held_for_review',
  'released',
  'shipped_in_part',
  'shipped_in_full',
  'delivered',
  'returned',
  'cancelled',
];

/** Follows `events` from `from`, failing on the first move the table refuses. */
function walk(from: OrderStatus, ...events: OrderEvent[]): OrderStatus {
  return events.reduce<OrderStatus>((status, event) => {
    const next = nextOrderStatus(status, event);
    if (!next.ok) throw new Error(`${event} refused from ${status}`);
    return next.to;
  }, from);
}

describe('an order’s fulfilment', () => {
  it('goes from payment through the warehouse to the shopper', () => {
    expect(walk('pending_payment', 'payment_succeeded', 'released', 'shipped_in_part')).toBe(
      'partially_shipped',
    );
    expect(
      walk('paid', 'released', 'shipped_in_part', 'shipped_in_part', 'shipped_in_full', 'delivered'),
    ).toBe('delivered');
    expect(walk('delivered', 'returned')).toBe('returned');
    // The warehouse takes a paid order from OrderCreated, without a release of its own.
    expect(walk('paid', 'shipped_in_full', 'delivered')).toBe('delivered');
  });

  it('holds a risky order until an operator releases or cancels it', () => {
    expect(walk('paid', 'held_for_review', 'released')).toBe('fulfilling');
    expect(walk('pending_payment', 'held_for_review', 'cancelled')).toBe('cancelled');
    // A held order never reaches the warehouse by itself.
    expect(nextOrderStatus('on_hold', 'shipped_in_full')).toEqual({ ok: false, from: 'on_hold' });
  });

  it('can be cancelled only until something has shipped', () => {
    const cancellable = ORDER_STATUSES.filter(isCancellable);
    expect(cancellable).toEqual(['pending_payment', 'paid', 'on_hold', 'fulfilling']);
  });

  it('refuses every move the table does not name, and ends nowhere else', () => {
    const moves = ORDER_STATUSES.flatMap((status) =>
      ALL_EVENTS.map((event) => ({ status, event, next: nextOrderStatus(status, event) })),
    );
    // Terminal states accept nothing; no move jumps backwards into payment.
    expect(orderEventsFrom('cancelled')).toEqual([]);
    expect(orderEventsFrom('returned')).toEqual([]);
    expect(moves.filter((move) => move.next.ok && move.next.to === 'pending_payment')).toEqual([]);
    // Shipping is never skipped: delivered only after shipped, returned only after delivered.
    expect(
      moves.filter((move) => move.next.ok && move.next.to === 'delivered').map((move) => move.status),
    ).toEqual(['shipped']);
    expect(
      moves.filter((move) => move.next.ok && move.next.to === 'returned').map((move) => move.status),
    ).toEqual(['delivered']);
    expect(nextOrderStatus('shipped', 'cancelled')).toEqual({ ok: false, from: 'shipped' });
    expect(nextOrderStatus('paid', 'paid' as OrderEvent)).toEqual({ ok: false, from: 'paid' });
  });
});

describe('an order’s money', () => {
  it('is refunded in parts that add up, or at once, and then no more', () => {
    expect(nextPaymentStatus('paid', 'refunded_in_part')).toEqual({
      ok: true,
      from: 'paid',
      to: 'partially_refunded',
    });
    expect(nextPaymentStatus('partially_refunded', 'refunded_in_part')).toMatchObject({ ok: true });
    expect(nextPaymentStatus('partially_refunded', 'refunded_in_full')).toMatchObject({ to: 'refunded' });
    expect(nextPaymentStatus('refunded', 'refunded_in_part')).toEqual({ ok: false, from: 'refunded' });
    expect(nextPaymentStatus('pending', 'refunded_in_full')).toEqual({ ok: false, from: 'pending' });
  });
});
