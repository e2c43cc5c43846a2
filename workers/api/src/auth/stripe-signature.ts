import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../env';
import { ApiError } from '../errors/problem';
import { log } from '../log';
import { loadStripe, webCryptoProvider } from '../payments/stripe-client';

// Bytes that are not UTF-8 cannot be a body Stripe signed (it signs JSON text), and decoding them
// leniently would let two different bodies read as the same text. `ignoreBOM` keeps a leading
// byte-order mark in the text, so the text is exactly the bytes, and the HMAC is over what came.
const exactUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

const REFUSED =
  'The Stripe-Signature does not verify for this body with our endpoint secret, or its timestamp is older than 5 minutes.';

/**
 * Admits a Stripe webhook delivery by its `Stripe-Signature` alone (ADR 27): the SDK's
 * `constructEventAsync` recomputes the HMAC-SHA256 of `<t>.<raw body>` with STRIPE_WEBHOOK_SECRET
 * (Web Crypto) over the exact bytes received, before anything parses them, and refuses a
 * timestamp older than its default tolerance (300 s). Missing, malformed, forged, signed with
 * another secret or replayed late: 400 `invalid_signature`, and nothing is read further. A body
 * that verifies but is not JSON: 400 `malformed_json`. No secret configured: 503
 * `payments_unavailable` (Stripe retries, for up to 3 days, until the operators set it). The
 * route's validator then reads the same bytes, which Hono keeps, as JSON.
 */
export const stripeSignature = () =>
  createMiddleware<AppEnv>(async (c, next) => {
    const secret = c.get('config').STRIPE_WEBHOOK_SECRET;
    if (secret === undefined) {
      log('warn', 'Stripe webhook refused: STRIPE_WEBHOOK_SECRET is not configured', {
        requestId: c.get('requestId'),
      });
      throw new ApiError(
        'payments_unavailable',
        'Stripe webhooks cannot be received by this deployment right now; deliveries are retried.',
        { headers: { 'Retry-After': '60' } },
      );
    }
    await verifySignature(c, secret);
    await next();
  });

async function verifySignature(c: Context<AppEnv>, secret: string): Promise<void> {
  const bytes = await c.req.arrayBuffer();
  let body: string;
  try {
    body = exactUtf8.decode(bytes);
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
    throw refused(c, 'the body is not UTF-8');
  }
  const StripeSdk = await loadStripe();
  try {
    await StripeSdk.webhooks.constructEventAsync(
      body,
      c.req.header('Stripe-Signature') ?? '',
      secret,
      undefined,
      await webCryptoProvider(),
    );
  } catch (error) {
    if (error instanceof StripeSdk.errors.StripeSignatureVerificationError) {
      throw refused(c, error.message);
    }
    // Verified, then parsed: the SDK parses only what verified, so this body is ours to refuse.
    if (error instanceof SyntaxError) {
      throw new ApiError('malformed_json', 'The request body could not be parsed as JSON.');
    }
    // A thin event (`v2.core.event`) sent to this snapshot-event endpoint.
    if (error instanceof Error && /thin event/.test(error.message)) {
      throw new ApiError(
        'validation_failed',
        'This endpoint takes snapshot events, not thin event notifications.',
      );
    }
    throw error;
  }
}

function refused(c: Context<AppEnv>, reason: string): ApiError {
  // Why (no header, bad timestamp, no matching signature) helps operators, not a forger.
  log('warn', 'Stripe webhook refused', { requestId: c.get('requestId'), reason: reason.split('\n')[0] });
  return new ApiError('invalid_signature', REFUSED);
}
