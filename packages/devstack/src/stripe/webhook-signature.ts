import { createHmac } from 'node:crypto';

/**
 * The `Stripe-Signature` header of a webhook delivery: `t=<unix seconds>,v1=<hex>`, the HMAC-SHA256
 * of `<t>.<payload>` keyed with the endpoint's whole secret (`whsec_…` included), which is what
 * `stripe.webhooks.constructEventAsync` recomputes. `payload` must be the exact bytes sent.
 */
export function stripeSignatureHeader(payload: string, secret: string, timestamp: number): string {
  const signature = createHmac('sha256', secret).update(`${timestamp}.${payload}`, 'utf8').digest('hex');
  return `t=${timestamp},v1=${signature}`;
}
