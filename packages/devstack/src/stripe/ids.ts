import { randomBytes } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function randomText(length: number): string {
  const bytes = randomBytes(length);
  let text = '';
  // 62 letters: the bias of a byte modulo 62 is no concern for ids that only need to be unique.
  for (const byte of bytes) text += ALPHABET[byte % ALPHABET.length];
  return text;
}

/** An id as Stripe shapes them, its type before the underscore: `pi_…`, `ch_…`, `evt_…`. */
export function stripeId(prefix: string): string {
  return `${prefix}_${randomText(24)}`;
}

/** The secret a browser confirms a PaymentIntent with: `pi_…_secret_…`. */
export function clientSecretFor(paymentIntentId: string): string {
  return `${paymentIntentId}_secret_${randomText(25)}`;
}

/** Stripe's `Request-Id`: `req_` and 14 characters. */
export function requestId(): string {
  return `req_${randomText(14)}`;
}

/** A webhook endpoint's signing secret, as Stripe issues them. */
export function webhookSecret(): string {
  return `whsec_${randomText(32)}`;
}
