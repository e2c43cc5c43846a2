import type Stripe from 'stripe';
import type { Config } from '../config';

// The SDK is loaded on first use, not at isolate start (as the QStash Receiver is, ADR 7): it
// registers every Stripe resource when evaluated, and most requests never touch payments. Under
// workerd, Bun, Deno and browsers the package's export conditions pick its Web build (fetch and
// Web Crypto, no `node:http`); on Node its Node build, where the Web clients chosen below exist too.
let loaded: Promise<typeof Stripe> | undefined;

/** The `stripe` SDK's class, imported once per isolate. */
export function loadStripe(): Promise<typeof Stripe> {
  loaded ??= import('stripe').then((module) => module.default);
  return loaded;
}

// The SDK's only state is its configuration and its last request's timing (telemetry): no socket
// or stream, nothing a Worker forbids sharing between requests. One per key and base URL.
const clients = new Map<string, Stripe>();

/** Where the SDK sends: Stripe's API, or the host, port and protocol of STRIPE_BASE_URL. */
function addressOf(baseUrl: string | undefined): Pick<Stripe.StripeConfig, 'host' | 'port' | 'protocol'> {
  if (baseUrl === undefined) return {};
  const url = new URL(baseUrl);
  const protocol = url.protocol === 'http:' ? 'http' : 'https';
  return { host: url.hostname, port: url.port || (protocol === 'http' ? 80 : 443), protocol };
}

/**
 * The Stripe SDK client for this configuration, one per isolate; undefined when no
 * STRIPE_SECRET_KEY is set (the caller answers 503 `payments_unavailable`). Web-standard
 * throughout: `fetch` for HTTP and Web Crypto for signatures, so the same code runs on Workers,
 * Bun, Deno and Node. The API version is the one the SDK pins (its types are written for it).
 */
export async function stripeClientFor(config: Config): Promise<Stripe | undefined> {
  const secretKey = config.STRIPE_SECRET_KEY;
  if (secretKey === undefined) return undefined;
  const key = `${config.STRIPE_BASE_URL ?? ''}|${secretKey}`;
  let client = clients.get(key);
  if (!client) {
    const StripeSdk = await loadStripe();
    client = new StripeSdk(secretKey, {
      httpClient: StripeSdk.createFetchHttpClient(),
      // A request waits at most this long: checkout calls Stripe while a shopper waits.
      timeout: 10_000,
      // Stripe's SDK retries network failures, 409s and 5xx, with the same idempotency key.
      maxNetworkRetries: 1,
      appInfo: { name: 'edge-commerce' },
      ...addressOf(config.STRIPE_BASE_URL),
    });
    clients.set(key, client);
  }
  return client;
}

let cryptoProvider: Stripe.CryptoProvider | undefined;

/** The SDK's Web Crypto provider (HMAC-SHA256 through `crypto.subtle`), once per isolate. */
export async function webCryptoProvider(): Promise<Stripe.CryptoProvider> {
  cryptoProvider ??= (await loadStripe()).createSubtleCryptoProvider();
  return cryptoProvider;
}
