const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/**
 * When the cart looks again at a payment it opened and nobody settled (ADR 29, sweep): the
 * webhook and the browser's completion normally settle it within seconds; this is the backstop
 * for both lost, so that money taken always becomes an order or a refund. Then less and less
 * often, for about a day and a half, after which an unconfirmed payment is left to the shopper.
 */
export const CHECKOUT_SWEEP_DELAYS_MS = [10 * MINUTE, 30 * MINUTE, 2 * HOUR, 6 * HOUR, 24 * HOUR] as const;

/** When the sweep after `tries` earlier ones is due, or null: no more. */
export function nextSweepAt(now: number, tries: number): number | null {
  const delay = CHECKOUT_SWEEP_DELAYS_MS[tries];
  return delay === undefined ? null : now + delay;
}
