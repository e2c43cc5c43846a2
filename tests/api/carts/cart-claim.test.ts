import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { call, register, type Session } from '../identity/customer-kit';
import { expectProblem } from '../problem-assertions';
import {
  addLine,
  type Cart,
  cartCall,
  createCart,
  ensureMarkets,
  type OpenCart,
  readCart,
  type SellableVariant,
  sellableVariants,
} from './cart-kit';

// A guest cart becomes the signed-in customer's (ADR 26): claimed as it is, or merged into the
// cart they have, with its stock moved, never released and taken again.

beforeAll(ensureMarkets);

const claim = (cart: OpenCart, session: Session | undefined, token: string | null = cart.token) =>
  cartCall('POST', `/v1/carts/${cart.id}/claim`, {
    token,
    headers: session ? { Authorization: `Bearer ${session.accessToken}` } : {},
  });

const asCustomer = (session: Session, method: 'GET' | 'POST', path: string, body?: unknown) =>
  cartCall(method, path, { headers: { Authorization: `Bearer ${session.accessToken}` }, body });

const reservedOf = async (variant: SellableVariant) =>
  (await env.INVENTORY.getByName(variant.sku).snapshot()).reserved;

const quantities = (cart: Cart) =>
  Object.fromEntries(cart.lines.map((line) => [line.variantId, line.quantity]));

describe('claiming a guest cart', () => {
  it('makes it the customer’s: their access token opens it, another customer’s does not', async () => {
    const [variant] = await sellableVariants(10);
    const guest = await createCart();
    await addLine(guest, variant?.id ?? '', 2);
    const session = await register();

    const claimed = await claim(guest, session);
    expect(claimed.status, await claimed.clone().text()).toBe(200);
    expect(claimed.headers.get('Location')).toBe(`/v1/carts/${guest.id}`);
    expect((await claimed.json<Cart>()).id).toBe(guest.id);

    // The access token stands in for the cart token, on this cart and as "my cart".
    const mine = await asCustomer(session, 'GET', `/v1/carts/${guest.id}`);
    expect(mine.status).toBe(200);
    expect(quantities(await mine.json<Cart>())).toEqual({ [variant?.id ?? '']: 2 });
    const added = await asCustomer(session, 'POST', `/v1/carts/${guest.id}/lines`, {
      variantId: variant?.id,
      quantity: 1,
    });
    expect(added.status).toBe(200);
    const myCart = await call('GET', '/v1/customers/me/cart', { token: session.accessToken });
    expect(myCart.status).toBe(200);
    expect(myCart.headers.get('Content-Location')).toBe(`/v1/carts/${guest.id}`);
    expect(quantities(await myCart.json())).toEqual({ [variant?.id ?? '']: 3 });
    // The device that holds the cart token keeps it.
    expect(quantities(await readCart(guest))).toEqual({ [variant?.id ?? '']: 3 });
    expect((await claim(guest, session)).status).toBe(200);

    const stranger = await register();
    await expectProblem(await asCustomer(stranger, 'GET', `/v1/carts/${guest.id}`), 404, 'not_found');
    await expectProblem(await claim(guest, stranger), 404, 'not_found');
    await expectProblem(
      await call('GET', '/v1/customers/me/cart', { token: stranger.accessToken }),
      404,
      'not_found',
    );
  });

  it('merges into the cart the customer has: quantities added, stock moved, nothing released', async () => {
    const [shared, onlyGuest, onlyMine] = await sellableVariants(10);
    const session = await register();
    const mine = await createCart();
    await addLine(mine, shared?.id ?? '', 3);
    await addLine(mine, onlyMine?.id ?? '', 1);
    expect((await claim(mine, session)).status).toBe(200);

    const guest = await createCart();
    await addLine(guest, shared?.id ?? '', 4);
    await addLine(guest, onlyGuest?.id ?? '', 2);

    const merged = await claim(guest, session);
    expect(merged.status, await merged.clone().text()).toBe(200);
    expect(merged.headers.get('Location')).toBe(`/v1/carts/${mine.id}`);
    const cart = await merged.json<Cart>();
    expect(cart.id).toBe(mine.id);
    expect(quantities(cart)).toEqual({
      [shared?.id ?? '']: 7,
      [onlyMine?.id ?? '']: 1,
      [onlyGuest?.id ?? '']: 2,
    });
    expect(cart.lines.every((line) => line.availability.status === 'reserved')).toBe(true);
    // What both carts held, now held once, by the customer's cart.
    expect(await reservedOf(shared as SellableVariant)).toBe(7);
    expect(await reservedOf(onlyGuest as SellableVariant)).toBe(2);

    // The guest cart is closed and says where its lines went; claiming it again changes nothing.
    const closed = await cartCall('GET', `/v1/carts/${guest.id}`, { token: guest.token });
    await expectProblem(closed.clone(), 409, 'cart_closed');
    expect(await closed.json()).toMatchObject({ mergedInto: mine.id, cartStatus: 'merged' });
    const again = await claim(guest, session);
    expect(again.status).toBe(200);
    expect(quantities(await again.json<Cart>())[shared?.id ?? '']).toBe(7);
    expect(await reservedOf(shared as SellableVariant)).toBe(7);
  });

  it('keeps the stock a merged line holds even when no more is free, and tops up with what is', async () => {
    const [variant] = await sellableVariants(5);
    const session = await register();
    const mine = await createCart();
    await addLine(mine, variant?.id ?? '', 3);
    await claim(mine, session);
    const guest = await createCart();
    await addLine(guest, variant?.id ?? '', 2);
    // 5 of 5 reserved by the two carts: a third shopper finds none.
    const other = await createCart();
    await expectProblem(
      await cartCall('POST', `/v1/carts/${other.id}/lines`, {
        token: other.token,
        body: { variantId: variant?.id, quantity: 1 },
      }),
      409,
      'insufficient_stock',
    );
    const merged = await claim(guest, session);
    expect(quantities(await merged.json<Cart>())).toEqual({ [variant?.id ?? '']: 5 });
    expect(await reservedOf(variant as SellableVariant)).toBe(5);
  });

  it('asks for both the customer and the cart token', async () => {
    const guest = await createCart();
    const session = await register();
    await expectProblem(await claim(guest, undefined), 401, 'unauthorized');
    await expectProblem(await claim(guest, session, null), 404, 'not_found');
    await expectProblem(await claim(guest, session, 'A'.repeat(43)), 404, 'not_found');
    await expectProblem(
      await cartCall('POST', `/v1/carts/${guest.id}/claim`, {
        token: guest.token,
        headers: { Authorization: 'Bearer not.a.jwt' },
      }),
      401,
      'unauthorized',
    );
  });

  it('merges carts claimed at once on several devices into one, holding every unit once', async () => {
    const [variant] = await sellableVariants(40);
    const session = await register();
    const guests = await Promise.all(Array.from({ length: 6 }, () => createCart()));
    for (const guest of guests) await addLine(guest, variant?.id ?? '', 3);

    const responses = await Promise.all(guests.map((guest) => claim(guest, session)));
    expect(responses.map((response) => response.status)).toEqual(guests.map(() => 200));
    const ids = new Set(
      await Promise.all(responses.map(async (response) => (await response.json<Cart>()).id)),
    );
    expect(ids.size).toBe(1);
    const myCart = await call('GET', '/v1/customers/me/cart', { token: session.accessToken });
    const cart = await myCart.json<Cart>();
    expect(ids.has(cart.id)).toBe(true);
    expect(quantities(cart)).toEqual({ [variant?.id ?? '']: 18 });
    expect(await reservedOf(variant as SellableVariant)).toBe(18);
  });
});
