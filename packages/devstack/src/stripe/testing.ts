import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';
import type { StripeStandIn } from './server';

// Test support only (it imports the `stripe` SDK, a devDependency): not exported by the package.

/** The real SDK pointed at the stand-in, as the shop's code will configure it locally. */
export function stripeFor(standIn: StripeStandIn, secretKey = standIn.secretKey): Stripe {
  return new Stripe(secretKey, {
    host: standIn.host,
    port: standIn.port,
    protocol: 'http',
    // The SDK retries 409s and 5xx by itself; the tests want to see each answer as it was.
    maxNetworkRetries: 0,
    telemetry: false,
  });
}

export interface ReceivedDelivery {
  body: string;
  signature: string;
  event: Stripe.Event;
}

export interface WebhookReceiver {
  url: string;
  /** The endpoint secret it verifies with; settable, for an endpoint whose secret Stripe makes up. */
  secret: string;
  /** Deliveries whose signature verified, in the order they arrived. */
  received: ReceivedDelivery[];
  /** Why each refused delivery was refused. */
  refused: string[];
  stop(): Promise<void>;
}

/**
 * A webhook consumer as the shop's will be: it reads the raw body, verifies it with the SDK's
 * `constructEventAsync` and the endpoint secret, and answers 400 when that throws. `answer` picks
 * the status of each verified delivery (default 200), so a test can make it fail.
 */
export async function startWebhookReceiver(
  secret: string,
  answer: (delivery: ReceivedDelivery, index: number) => number = () => 200,
): Promise<WebhookReceiver> {
  const verifier = new Stripe('sk_test_receiver_only');
  const received: ReceivedDelivery[] = [];
  const refused: string[] = [];
  let receiver: WebhookReceiver | undefined;
  const server = createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const signature = String(request.headers['stripe-signature'] ?? '');
    try {
      const event = await verifier.webhooks.constructEventAsync(body, signature, receiver?.secret ?? secret);
      const delivery = { body, signature, event };
      received.push(delivery);
      response.writeHead(answer(delivery, received.length - 1)).end();
    } catch (error) {
      refused.push((error as Error).message);
      response.writeHead(400).end();
    }
  });
  await new Promise<void>((resolve) => server.listen({ port: 0, host: '127.0.0.1' }, resolve));
  receiver = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks`,
    secret,
    received,
    refused,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
  return receiver;
}

/** The error a call throws, for asserting on its fields (fails the test if it does not throw). */
export async function thrownBy(call: Promise<unknown>): Promise<Stripe.errors.StripeError> {
  try {
    await call;
  } catch (error) {
    return error as Stripe.errors.StripeError;
  }
  throw new Error('expected the call to throw');
}
