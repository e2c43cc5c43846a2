import { env, exports } from 'cloudflare:workers';
import { sql } from 'drizzle-orm';
import Stripe from 'stripe';
import { expect } from 'vitest';
import { type Config, loadConfig } from '../../../workers/api/src/config';
import { stripeClientFor } from '../../../workers/api/src/payments/stripe-client';
import {
  addLine,
  cartCall,
  createCart,
  type OpenCart,
  type SellableVariant,
  sellableVariants,
} from '../carts/cart-kit';
import { API_ORIGIN, withDatabase } from '../catalog/catalog-test-kit';

// Shared by the checkout suites: carts filled through the API, paid through the Worker's own
// Stripe SDK client against the Stripe stand-in, and Stripe's webhook events posted to the
// Worker signed as Stripe signs them (the stand-in cannot post into the in-process Worker).

export const US_ADDRESS = {
  firstName: 'Ada',
  lastName: 'Lovelace',
  line1: '1 Infinite Loop',
  city: 'Cupertino',
  region: 'CA',
  postalCode: '95014',
  country: 'US',
};

export interface CheckoutAnswer {
  cartId: string;
  status: 'awaiting_payment' | 'requires_action' | 'completed';
  amount: { amount: number; currency: string };
  payment: { id: string; status: string; clientSecret: string | null; nextAction: string | null };
  order: PlacedOrder | null;
}

export interface PlacedOrder {
  id: string;
  number: string;
  status: 'paid' | 'on_hold';
  accessToken: string;
}

function config(): Config {
  const loaded = loadConfig(env);
  if (!loaded.ok) throw new Error(`the suite's configuration is invalid: ${loaded.problems.join('; ')}`);
  return loaded.config;
}

/** The Worker's own Stripe client, pointed at the stand-in: what a browser's Stripe.js stands for. */
export async function stripeClient(): Promise<Stripe> {
  const client = await stripeClientFor(config());
  if (!client) throw new Error('the suite sets STRIPE_SECRET_KEY');
  return client;
}

/** A cart with `quantity` of each variant, an address and the cheapest rate chosen. */
export async function readyCart(
  variants: readonly SellableVariant[],
  quantity = 1,
): Promise<OpenCart & { rateId: string }> {
  const cart = await createCart();
  for (const variant of variants) await addLine(cart, variant.id, quantity);
  const addressed = await cartCall('PUT', `/v1/carts/${cart.id}/shipping-address`, {
    token: cart.token,
    body: US_ADDRESS,
  });
  expect(addressed.status, await addressed.clone().text()).toBe(200);
  const rates = await cartCall('GET', `/v1/carts/${cart.id}/shipping-rates`, { token: cart.token });
  expect(rates.status).toBe(200);
  const [rate] = (await rates.json<{ data: { id: string }[] }>()).data;
  if (!rate) throw new Error('no shipping rate offered');
  return { ...cart, rateId: rate.id };
}

export function checkout(
  cart: OpenCart & { rateId?: string },
  body: Record<string, unknown> = {},
): Promise<Response> {
  return cartCall('POST', `/v1/carts/${cart.id}/checkout`, {
    token: cart.token,
    body: { email: 'ada@example.com', ...(cart.rateId ? { shippingMethod: cart.rateId } : {}), ...body },
  });
}

export function complete(cart: OpenCart): Promise<Response> {
  return cartCall('POST', `/v1/carts/${cart.id}/complete`, { token: cart.token });
}

/** The order as its guest reads it with the order's token. */
export function readOrder(orderId: string, token: string | null): Promise<Response> {
  return cartCall('GET', `/v1/orders/${orderId}`, {
    headers: token === null ? {} : { 'X-Order-Token': token },
  });
}

const subtleCrypto = Stripe.createSubtleCryptoProvider();

/** Posts Stripe's events about `paymentIntentId` to the webhook, as Stripe would, one by one. */
export async function deliverEventsOf(
  stripe: Stripe,
  paymentIntentId: string,
  types: readonly string[] = ['payment_intent.succeeded'],
): Promise<Response[]> {
  const events = await eventsOf(stripe, paymentIntentId, types);
  return Promise.all(events.map((event) => deliverEvent(event)));
}

export async function eventsOf(
  stripe: Stripe,
  paymentIntentId: string,
  types: readonly string[],
): Promise<Stripe.Event[]> {
  const listed = await stripe.events.list({ limit: 100 });
  return listed.data.filter(
    (event) => types.includes(event.type) && (event.data.object as { id?: string }).id === paymentIntentId,
  );
}

export async function deliverEvent(event: Stripe.Event): Promise<Response> {
  const payload = JSON.stringify(event, null, 2);
  const signature = await Stripe.webhooks.generateTestHeaderStringAsync({
    payload,
    secret: (env as unknown as Record<string, string>).STRIPE_WEBHOOK_SECRET ?? '',
    cryptoProvider: subtleCrypto,
  });
  return exports.default.fetch(`${API_ORIGIN}/v1/integrations/stripe/webhooks`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json; charset=utf-8', 'Stripe-Signature': signature },
    body: payload,
  });
}

/** What Postgres holds for the cart: its orders, payments and OrderCreated events. */
export async function recordsOfCart(cartId: string) {
  return withDatabase(async (db) => {
    const { rows } = await db.execute<{
      orders: number;
      payments: number;
      refunded: number;
      events: number;
    }>(sql`
      select (select count(*)::int from orders where cart_id = ${cartId}) as orders,
             (select count(*)::int from payments where cart_id = ${cartId}) as payments,
             (select count(*)::int from payments where cart_id = ${cartId} and status = 'refunded') as refunded,
             (select count(*)::int from outbox_events e join orders o on o.id = e.aggregate_id
               where o.cart_id = ${cartId} and e.type = 'OrderCreated') as events`);
    const [counts] = rows;
    if (!counts) throw new Error('no counts');
    return counts;
  });
}

export const stockOf = (sku: string) => env.INVENTORY.getByName(sku).snapshot();

/** An order for 2 units of a fresh variant with `variantsOnHand` in stock, paid at checkout. */
export async function paidOrder(variantsOnHand = 10, paymentMethod = 'pm_card_visa') {
  const [variant] = await sellableVariants(variantsOnHand, 2_000);
  if (!variant) throw new Error('no variant');
  const cart = await readyCart([variant], 2);
  const answer = await checkout(cart, { paymentMethod });
  expect(answer.status, await answer.clone().text()).toBe(200);
  const { order, payment } = await answer.json<CheckoutAnswer>();
  return { variant, cart, order: order as PlacedOrder, paymentId: payment.id };
}

/** The types of the order's integration events, in the order they were recorded. */
export async function orderEventsOf(orderId: string): Promise<string[]> {
  return withDatabase(async (db) => {
    const { rows } = await db.execute<{ type: string }>(sql`
      select type from outbox_events where aggregate_type = 'order' and aggregate_id = ${orderId}
      order by sequence`);
    return rows.map((row) => row.type);
  });
}
