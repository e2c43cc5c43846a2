import Stripe from 'stripe';
import { afterEach, describe, expect, it } from 'vitest';
import { type StripeStandIn, type StripeStandInOptions, startStripeStandIn } from './server';
import { startWebhookReceiver, stripeFor, thrownBy, type WebhookReceiver } from './testing';

const SECRET = 'whsec_localTestSecretForTheStandInTests000';
const FAST_RETRIES = { baseDelayMs: 20, maxAttempts: 3, timeoutMs: 2_000 };

const running: { stop(): Promise<void> }[] = [];
afterEach(async () => {
  for (const each of running.splice(0).reverse()) await each.stop();
});

async function standInWithReceiver(
  options: StripeStandInOptions = {},
  answer?: Parameters<typeof startWebhookReceiver>[1],
): Promise<{ standIn: StripeStandIn; stripe: Stripe; receiver: WebhookReceiver }> {
  const receiver = await startWebhookReceiver(SECRET, answer);
  running.push(receiver);
  const standIn = await startStripeStandIn({
    webhooks: [{ url: receiver.url, secret: SECRET }],
    ...options,
    delivery: { ...FAST_RETRIES, ...options.delivery },
  });
  running.push(standIn);
  return { standIn, stripe: stripeFor(standIn), receiver };
}

const pay = (stripe: Stripe, paymentMethod = 'pm_card_visa') =>
  stripe.paymentIntents.create({
    amount: 2_500,
    currency: 'eur',
    allowed_payment_method_types: ['card'],
    payment_method: paymentMethod,
    confirm: true,
    metadata: { cartId: 'cart_hook' },
  });

const typesOf = (receiver: WebhookReceiver) => receiver.received.map((delivery) => delivery.event.type);

describe('webhooks, verified by the SDK’s constructEventAsync', () => {
  it('delivers each event signed, with Stripe’s envelope and a snapshot of the object', async () => {
    const { standIn, stripe, receiver } = await standInWithReceiver();
    const intent = await pay(stripe);
    await standIn.webhooks.idle();

    expect(receiver.refused).toEqual([]);
    expect(typesOf(receiver)).toEqual([
      'payment_intent.created',
      'charge.succeeded',
      'payment_intent.succeeded',
    ]);
    const [created, , succeeded] = receiver.received.map((delivery) => delivery.event);
    expect(succeeded).toMatchObject({
      object: 'event',
      api_version: Stripe.API_VERSION,
      livemode: false,
      pending_webhooks: 1,
      request: { id: intent.lastResponse.requestId },
      data: { object: { id: intent.id, status: 'succeeded', metadata: { cartId: 'cart_hook' } } },
    });
    expect(succeeded?.id).toMatch(/^evt_/);
    // The snapshot is the object when the event happened, not as it is now.
    expect(created?.data.object).toMatchObject({ id: intent.id, status: 'requires_confirmation' });
    expect(receiver.received[0]?.signature).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);

    // Once delivered, the event no longer waits for any endpoint.
    const retrieved = await stripe.events.retrieve(String(succeeded?.id));
    expect(retrieved).toMatchObject({
      id: succeeded?.id,
      pending_webhooks: 0,
      type: 'payment_intent.succeeded',
    });
  });

  it('signs so that a tampered body, or the wrong secret, fails verification', async () => {
    const { standIn, stripe, receiver } = await standInWithReceiver();
    await pay(stripe);
    await standIn.webhooks.idle();
    const [delivery] = receiver.received;
    if (!delivery) throw new Error('no delivery');
    const tampered = delivery.body.replace('"amount": 2500', '"amount": 1');
    expect(tampered).not.toBe(delivery.body);
    const error = await thrownBy(stripe.webhooks.constructEventAsync(tampered, delivery.signature, SECRET));
    expect(error).toBeInstanceOf(Stripe.errors.StripeSignatureVerificationError);
    await expect(
      stripe.webhooks.constructEventAsync(delivery.body, delivery.signature, 'whsec_someoneElses'),
    ).rejects.toBeInstanceOf(Stripe.errors.StripeSignatureVerificationError);
    // The genuine one still verifies: the check above failed for the tampering alone.
    await expect(
      stripe.webhooks.constructEventAsync(delivery.body, delivery.signature, SECRET),
    ).resolves.toMatchObject({
      id: delivery.event.id,
    });
  });

  it('retries a delivery the endpoint answered with 500, until it is taken', async () => {
    const { standIn, stripe, receiver } = await standInWithReceiver({}, (_delivery, index) =>
      index === 0 ? 500 : 200,
    );
    const intent = await stripe.paymentIntents.create({
      amount: 900,
      currency: 'usd',
      allowed_payment_method_types: ['card'],
    });
    await standIn.webhooks.idle();
    expect(receiver.received.map((delivery) => delivery.event.id)).toEqual([
      receiver.received[0]?.event.id,
      receiver.received[0]?.event.id,
    ]);
    expect(standIn.webhooks.attempts().map((attempt) => [attempt.attempt, attempt.status])).toEqual([
      [1, 500],
      [2, 200],
    ]);
    expect(receiver.received[0]?.event.data.object).toMatchObject({ id: intent.id });
  });

  it('gives up after maxAttempts on an endpoint that never takes it, or cannot be reached', async () => {
    const { standIn, stripe } = await standInWithReceiver({}, () => 503);
    standIn.webhooks.add({ url: 'http://127.0.0.1:9/unreachable', secret: SECRET });
    await stripe.paymentIntents.create({
      amount: 900,
      currency: 'usd',
      allowed_payment_method_types: ['card'],
    });
    await standIn.webhooks.idle();
    const attempts = standIn.webhooks.attempts();
    expect(attempts.filter((attempt) => attempt.status === 503).map((attempt) => attempt.attempt)).toEqual([
      1, 2, 3,
    ]);
    const unreachable = attempts.filter((attempt) => attempt.url.endsWith('/unreachable'));
    expect(unreachable.map((attempt) => [attempt.attempt, attempt.status])).toEqual([
      [1, null],
      [2, null],
      [3, null],
    ]);
    expect(unreachable[0]?.error).toBeTruthy();
    const [event] = standIn.events();
    expect(event?.pending_webhooks).toBe(2);
  });

  it('with duplicate: true delivers every event twice, so a consumer must dedupe on the id', async () => {
    const { standIn, stripe, receiver } = await standInWithReceiver({ delivery: { duplicate: true } });
    await pay(stripe);
    await standIn.webhooks.idle();
    const ids = receiver.received.map((delivery) => delivery.event.id);
    expect(ids).toHaveLength(6);
    expect(new Set(ids).size).toBe(3);
    expect(standIn.webhooks.attempts().filter((attempt) => attempt.copy === 'duplicate')).toHaveLength(3);
  });

  it('delivers held events in reverse, or spread over shuffleWithinMs, out of the order they happened', async () => {
    const held = await standInWithReceiver();
    held.standIn.webhooks.pause();
    await pay(held.stripe);
    expect(held.receiver.received).toHaveLength(0);
    expect(await held.standIn.webhooks.release('reversed')).toBe(3);
    expect(typesOf(held.receiver)).toEqual([
      'payment_intent.succeeded',
      'charge.succeeded',
      'payment_intent.created',
    ]);

    // A chance source that hands out falling delays: the last event raised arrives first.
    const chances = [0.9, 0.5, 0.1];
    const spread = await standInWithReceiver({
      delivery: { shuffleWithinMs: 400, random: () => chances.shift() ?? 0 },
    });
    await pay(spread.stripe);
    await spread.standIn.webhooks.idle();
    expect(typesOf(spread.receiver)).toEqual([
      'payment_intent.succeeded',
      'charge.succeeded',
      'payment_intent.created',
    ]);
  });

  it('adds an endpoint at runtime through /_stand-in and through the API, each taking its enabled events', async () => {
    const { standIn, stripe } = await standInWithReceiver();
    const worker = await startWebhookReceiver('whsec_theWorkersOwnSecret');
    running.push(worker);
    const added = await fetch(`${standIn.url}/_stand-in/webhook_endpoints`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        url: worker.url,
        secret: 'whsec_theWorkersOwnSecret',
        enabled_events: ['payment_intent.succeeded'],
      }),
    });
    expect(added.status).toBe(200);
    expect(await added.json()).toMatchObject({ object: 'webhook_endpoint', url: worker.url });

    const viaApi = await startWebhookReceiver('unknown until created');
    running.push(viaApi);
    const endpoint = await stripe.webhookEndpoints.create({
      url: viaApi.url,
      enabled_events: ['charge.succeeded'],
    });
    expect(endpoint.secret).toMatch(/^whsec_/);
    viaApi.secret = String(endpoint.secret);
    expect((await stripe.webhookEndpoints.list()).data.map((entry) => entry.id)).toContain(endpoint.id);

    await pay(stripe);
    await standIn.webhooks.idle();
    expect(typesOf(worker)).toEqual(['payment_intent.succeeded']);
    expect(worker.refused).toEqual([]);
    expect(typesOf(viaApi)).toEqual(['charge.succeeded']);
    expect(viaApi.refused).toEqual([]);

    // Each endpoint's deliveries are signed with its own secret only.
    const [delivery] = viaApi.received;
    await expect(
      stripe.webhooks.constructEventAsync(String(delivery?.body), String(delivery?.signature), SECRET),
    ).rejects.toBeInstanceOf(Stripe.errors.StripeSignatureVerificationError);
    expect(await stripe.webhookEndpoints.del(endpoint.id)).toMatchObject({ id: endpoint.id, deleted: true });
  });

  it('sends an event again on /_stand-in/events/:id/redeliver', async () => {
    const { standIn, stripe, receiver } = await standInWithReceiver();
    const intent = await stripe.paymentIntents.create({
      amount: 900,
      currency: 'usd',
      allowed_payment_method_types: ['card'],
    });
    await standIn.webhooks.idle();
    const [event] = receiver.received;
    const resent = await fetch(`${standIn.url}/_stand-in/events/${event?.event.id}/redeliver`, {
      method: 'POST',
    });
    expect(resent.status).toBe(200);
    await standIn.webhooks.idle();
    expect(receiver.received.map((delivery) => delivery.event.id)).toEqual([
      event?.event.id,
      event?.event.id,
    ]);
    expect(receiver.received[1]?.event.data.object).toMatchObject({ id: intent.id });
  });
});

describe('events through the stripe SDK', () => {
  it('lists newest first, filtered by type, a page at a time with starting_after', async () => {
    const { stripe } = await standInWithReceiver();
    await pay(stripe);
    await pay(stripe, 'pm_card_chargeDeclined').catch(() => undefined);
    await pay(stripe);
    const succeeded = await stripe.events.list({ type: 'payment_intent.succeeded' });
    expect(succeeded.data.map((event) => event.type)).toEqual([
      'payment_intent.succeeded',
      'payment_intent.succeeded',
    ]);
    const failed = await stripe.events.list({ type: 'payment_intent.payment_failed' });
    expect(failed.data).toHaveLength(1);
    expect(failed.data[0]?.data.object).toMatchObject({
      last_payment_error: { decline_code: 'generic_decline' },
    });

    const firstPage = await stripe.events.list({ limit: 2 });
    expect(firstPage).toMatchObject({ object: 'list', has_more: true, url: '/v1/events' });
    const secondPage = await stripe.events.list({ limit: 2, starting_after: firstPage.data[1]?.id });
    expect(secondPage.data[0]?.created).toBeLessThanOrEqual(firstPage.data[1]?.created ?? 0);
    const all = await stripe.events.list({ limit: 3 }).autoPagingToArray({ limit: 100 });
    expect(all).toHaveLength(9);
    expect(new Set(all.map((event) => event.id)).size).toBe(9);
    expect(
      await stripe.events.list({ type: 'payment_intent.*' }).autoPagingToArray({ limit: 100 }),
    ).toHaveLength(6);

    const missing = await thrownBy(stripe.events.retrieve('evt_unknown'));
    expect(missing).toMatchObject({ statusCode: 404, code: 'resource_missing' });
  });
});
