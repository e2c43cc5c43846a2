import { runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { postSigned, statementCount } from '../catalog/catalog-test-kit';
import { productItem } from '../catalog/pim-fixtures';
import { outboxEventsOf } from '../events/event-kit';
import { expectProblem } from '../problem-assertions';
import {
  addLine,
  type Cart,
  cartCall,
  createCart,
  ensureMarkets,
  sellableVariants,
  stockLevels,
} from './cart-kit';

beforeAll(ensureMarkets);

describe('POST /v1/carts', () => {
  it('opens an empty cart and shows its token once, with Location, ETag and private caching', async () => {
    const response = await cartCall('POST', '/v1/carts', { body: { currency: 'USD' } });
    expect(response.status).toBe(201);
    const created = await response.json<Cart & { token: string }>();
    expect(created).toMatchObject({
      status: 'open',
      currency: 'USD',
      market: 'us',
      pricesIncludeTax: false,
      lines: [],
      itemCount: 0,
      totals: { subtotal: { amount: 0, currency: 'USD' }, grandTotal: { amount: 0, currency: 'USD' } },
    });
    expect(created.id).toMatch(/^cart_[0-9a-z]{26}$/);
    expect(created.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(response.headers.get('Location')).toBe(`/v1/carts/${created.id}`);
    expect(response.headers.get('ETag')).toMatch(/^"[A-Za-z0-9_-]{43}"$/);
    expect(response.headers.get('Cache-Control')).toBe('private, no-store');
    const read = await cartCall('GET', `/v1/carts/${created.id}`, { token: created.token });
    expect(read.status).toBe(200);
    expect(await read.json()).not.toHaveProperty('token');
    expect(read.headers.get('ETag')).toBe(response.headers.get('ETag'));
    expect(read.headers.get('Cache-Control')).toBe('private, no-store');
  });

  it("takes a market's default currency and its tax mode", async () => {
    expect((await createCart({ market: 'eu' })).cart).toMatchObject({
      market: 'eu',
      currency: 'EUR',
      pricesIncludeTax: true,
    });
    expect((await createCart({ currency: 'GBP' })).cart).toMatchObject({
      market: 'gb',
      pricesIncludeTax: true,
    });
    expect((await createCart({})).cart).toMatchObject({ market: 'us', currency: 'USD' });
  });

  it('refuses currencies and markets nobody sells in, and malformed bodies', async () => {
    await expectProblem(
      await cartCall('POST', '/v1/carts', { body: { currency: 'CHF' } }),
      400,
      'unsupported_currency',
    );
    await expectProblem(
      await cartCall('POST', '/v1/carts', { body: { market: 'eu', currency: 'USD' } }),
      400,
      'unsupported_currency',
    );
    await expectProblem(
      await cartCall('POST', '/v1/carts', { body: { market: 'mars' } }),
      400,
      'unknown_market',
    );
    for (const body of [
      { currency: 'usd' },
      { currency: 'US' },
      { currency: 1 },
      { lines: [] },
      [],
      'null',
    ]) {
      await expectProblem(await cartCall('POST', '/v1/carts', { body }), 400, 'validation_failed');
    }
    await expectProblem(await cartCall('POST', '/v1/carts', { body: '{"currency":' }), 400, 'malformed_json');
  });
});

describe('a cart without its token', () => {
  it('is answered 404 for a missing token, a wrong one, another cart’s, and for ids that name no cart', async () => {
    const mine = await createCart();
    const theirs = await createCart();
    const [variant] = await sellableVariants(5);
    const path = `/v1/carts/${mine.id}`;
    for (const token of [null, 'guess', theirs.token, `${mine.token}x`]) {
      await expectProblem(await cartCall('GET', path, { token }), 404, 'not_found');
      await expectProblem(
        await cartCall('POST', `${path}/lines`, { token, body: { variantId: variant?.id, quantity: 1 } }),
        404,
        'not_found',
      );
    }
    const unknown = 'cart_0000000000aaaaaaaaaaaaaaaa';
    const other = 'prod_01jd7x6q2n8v0c4r5s6t7u8v9w';
    for (const id of [unknown, other, 'x'.repeat(100)]) {
      await expectProblem(await cartCall('GET', `/v1/carts/${id}`, { token: mine.token }), 404, 'not_found');
    }
    // Text no id can hold is refused at the input boundary, like on every route.
    await expectProblem(
      await cartCall('GET', '/v1/carts/%00', { token: mine.token }),
      400,
      'validation_failed',
    );
    // Nothing was added through the failed calls.
    const read = await cartCall('GET', path, { token: mine.token });
    expect((await read.json<Cart>()).lines).toEqual([]);
  });
});

describe('cart lines', () => {
  it('prices a line from the catalog, reserves its stock, and adding again raises the one line', async () => {
    const [variant] = await sellableVariants(10, 2_500);
    if (!variant) throw new Error('no variant');
    const cart = await createCart();
    const { cart: first } = await addLine(cart, variant.id, 2);
    expect(first.lines).toEqual([
      expect.objectContaining({
        variantId: variant.id,
        sku: variant.sku,
        quantity: 2,
        unitPrice: { amount: 2_500, currency: 'USD' },
        previousUnitPrice: null,
        subtotal: { amount: 5_000, currency: 'USD' },
        availability: { status: 'reserved', reservedUntil: expect.any(String), fulfilment: 'in_stock' },
      }),
    ]);
    const { cart: second } = await addLine(cart, variant.id, 3);
    expect(second.lines).toHaveLength(1);
    expect(second.lines[0]?.quantity).toBe(5);
    expect(second.totals).toMatchObject({
      subtotal: { amount: 12_500, currency: 'USD' },
      grandTotal: { amount: 12_500, currency: 'USD' },
    });
    const stock = await env.INVENTORY.getByName(variant.sku).snapshot();
    expect(stock).toMatchObject({ onHand: 10, reserved: 5, availableToSell: 5, reservations: 1 });
    const reservedUntil = Date.parse(second.lines[0]?.availability.reservedUntil ?? '');
    expect(reservedUntil - Date.now()).toBeGreaterThan(890_000);
  });

  it('sells beyond stock only where the variant allows it, and says the line is a backorder or a preorder', async () => {
    const variants = (policy: 'backorder' | 'preorder') =>
      ['S', 'M', 'L'].map((size) => ({
        options: { size },
        weightGrams: 200,
        inventoryPolicy: policy,
        oversellLimit: 5,
      }));
    const withSkus = (handle: string, policy: 'backorder' | 'preorder') =>
      variants(policy).map((variant) => ({
        ...variant,
        sku: `${handle.toUpperCase()}-${variant.options.size}`,
      }));
    const cart = await createCart();
    const backorderHandle = `backorder-${crypto.randomUUID().slice(0, 8)}`;
    const [backordered] = await sellableVariants(
      1,
      2_500,
      { variants: withSkus(backorderHandle, 'backorder') },
      backorderHandle,
    );
    const first = await addLine(cart, backordered?.id ?? '', 1);
    expect(first.cart.lines[0]?.availability.fulfilment).toBe('in_stock');
    const beyond = await addLine(cart, backordered?.id ?? '', 3);
    expect(beyond.cart.lines[0]?.availability).toMatchObject({ status: 'reserved', fulfilment: 'backorder' });
    // Up to the limit of 5 beyond stock (1 on hand), and no further.
    await expectProblem(
      await cartCall('POST', `/v1/carts/${cart.id}/lines`, {
        token: cart.token,
        body: { variantId: backordered?.id, quantity: 3 },
      }),
      409,
      'insufficient_stock',
    );
    const preorderHandle = `preorder-${crypto.randomUUID().slice(0, 8)}`;
    const [preordered] = await sellableVariants(
      0,
      2_500,
      { variants: withSkus(preorderHandle, 'preorder') },
      preorderHandle,
    );
    const { cart: withPreorder } = await addLine(cart, preordered?.id ?? '', 2);
    expect(withPreorder.lines[1]?.availability.fulfilment).toBe('preorder');
  });

  it('takes prices in the cart’s currency and never from the client', async () => {
    const [variant] = await sellableVariants(10, 2_000);
    const eu = await createCart({ market: 'eu' });
    const { cart } = await addLine(eu, variant?.id ?? '', 1);
    expect(cart.lines[0]?.unitPrice).toEqual({ amount: 2_200, currency: 'EUR' });
    const priced = await cartCall('POST', `/v1/carts/${eu.id}/lines`, {
      token: eu.token,
      body: { variantId: variant?.id, quantity: 1, unitPrice: { amount: 1, currency: 'EUR' } },
    });
    const problem = await expectProblem(priced, 400, 'validation_failed');
    expect(JSON.stringify(problem.errors)).toContain('unitPrice');
  });

  it('answers 409 insufficient_stock naming the SKU and what is available, and keeps the cart as it was', async () => {
    const [variant] = await sellableVariants(3);
    if (!variant) throw new Error('no variant');
    const cart = await createCart();
    const { etag } = await addLine(cart, variant.id, 2);
    const refused = await cartCall('POST', `/v1/carts/${cart.id}/lines`, {
      token: cart.token,
      body: { variantId: variant.id, quantity: 2 },
    });
    const problem = await expectProblem(refused, 409, 'insufficient_stock');
    expect(problem).toMatchObject({ sku: variant.sku, variantId: variant.id, requested: 4, available: 3 });
    const read = await cartCall('GET', `/v1/carts/${cart.id}`, { token: cart.token });
    expect(read.headers.get('ETag')).toBe(etag);
    expect((await env.INVENTORY.getByName(variant.sku).snapshot()).reserved).toBe(2);
  });

  it('changes and removes lines, releasing what they held', async () => {
    const [variant] = await sellableVariants(6);
    if (!variant) throw new Error('no variant');
    const cart = await createCart();
    const lineId = (await addLine(cart, variant.id, 1)).cart.lines[0]?.id;
    const path = `/v1/carts/${cart.id}/lines/${lineId}`;
    const raised = await cartCall('PATCH', path, { token: cart.token, body: { quantity: 6 } });
    expect(raised.status).toBe(200);
    expect((await raised.json<Cart>()).lines[0]?.quantity).toBe(6);
    await expectProblem(
      await cartCall('PATCH', path, { token: cart.token, body: { quantity: 7 } }),
      409,
      'insufficient_stock',
    );
    const lowered = await cartCall('PATCH', path, { token: cart.token, body: { quantity: 2 } });
    expect((await lowered.json<Cart>()).itemCount).toBe(2);
    expect((await env.INVENTORY.getByName(variant.sku).snapshot()).reserved).toBe(2);
    const removed = await cartCall('DELETE', path, { token: cart.token });
    expect(removed.status).toBe(200);
    expect(await removed.json<Cart>()).toMatchObject({ lines: [], itemCount: 0 });
    expect((await env.INVENTORY.getByName(variant.sku).snapshot()).reserved).toBe(0);
    await expectProblem(await cartCall('DELETE', path, { token: cart.token }), 404, 'not_found');
    await expectProblem(
      await cartCall('PATCH', `/v1/carts/${cart.id}/lines/line_nope`, {
        token: cart.token,
        body: { quantity: 1 },
      }),
      404,
      'not_found',
    );
  });

  it('refuses zero, negative, fractional, huge and non-numeric quantities with 400', async () => {
    const [variant] = await sellableVariants(10);
    const cart = await createCart();
    const lineId = (await addLine(cart, variant?.id ?? '', 1)).cart.lines[0]?.id;
    for (const quantity of [0, -1, 1.5, 10_000, 1e20, '2', null, Number.MAX_SAFE_INTEGER + 2]) {
      const added = await cartCall('POST', `/v1/carts/${cart.id}/lines`, {
        token: cart.token,
        body: { variantId: variant?.id, quantity },
      });
      const problem = await expectProblem(added, 400, 'validation_failed');
      expect(problem.errors?.[0]?.path).toBe('quantity');
      await expectProblem(
        await cartCall('PATCH', `/v1/carts/${cart.id}/lines/${lineId}`, {
          token: cart.token,
          body: { quantity },
        }),
        400,
        'validation_failed',
      );
    }
    await expectProblem(
      await cartCall('POST', `/v1/carts/${cart.id}/lines`, { token: cart.token, body: { quantity: 1 } }),
      400,
      'validation_failed',
    );
    // A line may hold 9999 at most, however it gets there.
    await stockLevels([{ sku: variant?.sku ?? '', onHand: 20_000 }]);
    await addLine(cart, variant?.id ?? '', 9_998);
    const over = await cartCall('POST', `/v1/carts/${cart.id}/lines`, {
      token: cart.token,
      body: { variantId: variant?.id, quantity: 1 },
    });
    expect(await expectProblem(over, 422, 'line_quantity_exceeded')).toMatchObject({ max: 9_999 });
  });

  it('refuses unknown variants, archived products and variants not priced in the cart’s currency with 422', async () => {
    const cart = await createCart();
    for (const variantId of ['var_0000000000aaaaaaaaaaaaaaaa', 'prod_x', 'nonsense']) {
      const problem = await expectProblem(
        await cartCall('POST', `/v1/carts/${cart.id}/lines`, {
          token: cart.token,
          body: { variantId, quantity: 1 },
        }),
        422,
        'unknown_variant',
      );
      expect(problem.errors).toEqual([{ path: 'variantId', message: expect.any(String) }]);
    }
    const archivedHandle = `archived-${crypto.randomUUID().slice(0, 8)}`;
    const [archived] = await sellableVariants(5, 1_000, {});
    // Archive the product through the PIM, as the shop would.
    const item = productItem(archived?.handle ?? archivedHandle, 2, { status: 'archived' });
    expect((await postSigned('/v1/integrations/pim/products', { products: [item] })).status).toBe(200);
    await expectProblem(
      await cartCall('POST', `/v1/carts/${cart.id}/lines`, {
        token: cart.token,
        body: { variantId: archived?.id, quantity: 1 },
      }),
      422,
      'variant_unavailable',
    );
    const [unpriced] = await sellableVariants(5);
    const gbp = await createCart({ currency: 'GBP' });
    await expectProblem(
      await cartCall('POST', `/v1/carts/${gbp.id}/lines`, {
        token: gbp.token,
        body: { variantId: unpriced?.id, quantity: 1 },
      }),
      422,
      'variant_not_priced',
    );
  });

  it('shows a price that changed since the line was added, and the totals follow the catalog', async () => {
    const [variant] = await sellableVariants(5, 3_000);
    if (!variant) throw new Error('no variant');
    const cart = await createCart();
    await addLine(cart, variant.id, 2);
    const repriced = await postSigned('/v1/integrations/pim/prices', {
      prices: [{ sku: variant.sku, currency: 'USD', amount: 2_700, version: 2 }],
    });
    expect(repriced.status).toBe(200);
    const read = await cartCall('GET', `/v1/carts/${cart.id}`, { token: cart.token });
    const seen = await read.json<Cart>();
    expect(seen.lines[0]).toMatchObject({
      unitPrice: { amount: 2_700, currency: 'USD' },
      previousUnitPrice: { amount: 3_000, currency: 'USD' },
      subtotal: { amount: 5_400, currency: 'USD' },
    });
    expect(seen.totals.grandTotal).toEqual({ amount: 5_400, currency: 'USD' });
  });
});

describe('If-Match on cart changes', () => {
  it('applies a change only to the cart as last seen: the second tab gets 412 and nothing changes', async () => {
    const [variant, other] = await sellableVariants(10);
    const cart = await createCart();
    const { etag: seen } = await addLine(cart, variant?.id ?? '', 1);
    const tabOne = await cartCall('POST', `/v1/carts/${cart.id}/lines`, {
      token: cart.token,
      ifMatch: seen,
      body: { variantId: other?.id, quantity: 1 },
    });
    expect(tabOne.status).toBe(200);
    const tabTwo = await cartCall('POST', `/v1/carts/${cart.id}/lines`, {
      token: cart.token,
      ifMatch: seen,
      body: { variantId: variant?.id, quantity: 4 },
    });
    await expectProblem(tabTwo, 412, 'precondition_failed');
    const lineId = (await tabOne.json<Cart>()).lines[0]?.id;
    await expectProblem(
      await cartCall('DELETE', `/v1/carts/${cart.id}/lines/${lineId}`, { token: cart.token, ifMatch: seen }),
      412,
      'precondition_failed',
    );
    await expectProblem(
      await cartCall('PATCH', `/v1/carts/${cart.id}/lines/${lineId}`, {
        token: cart.token,
        ifMatch: `W/${tabOne.headers.get('ETag')}`,
        body: { quantity: 3 },
      }),
      412,
      'precondition_failed',
    );
    await expectProblem(
      await cartCall('PATCH', `/v1/carts/${cart.id}/lines/${lineId}`, {
        token: cart.token,
        ifMatch: 'not-a-tag',
        body: { quantity: 3 },
      }),
      400,
      'validation_failed',
    );
    const read = await cartCall('GET', `/v1/carts/${cart.id}`, { token: cart.token });
    expect((await read.json<Cart>()).lines.map((line) => line.quantity)).toEqual([1, 1]);
    const current = read.headers.get('ETag') ?? '';
    const applied = await cartCall('PATCH', `/v1/carts/${cart.id}/lines/${lineId}`, {
      token: cart.token,
      ifMatch: `"stale", ${current}`,
      body: { quantity: 3 },
    });
    expect(applied.status).toBe(200);
    const star = await cartCall('PATCH', `/v1/carts/${cart.id}/lines/${lineId}`, {
      token: cart.token,
      ifMatch: '*',
      body: { quantity: 2 },
    });
    expect(star.status).toBe(200);
  });
});

describe('the add-to-cart path', () => {
  it('runs no SQL once the catalog is warm', async () => {
    const [variant, other] = await sellableVariants(100);
    const cart = await createCart();
    const path = `/v1/carts/${cart.id}/lines`;
    const first = await cartCall('POST', path, {
      token: cart.token,
      body: { variantId: variant?.id, quantity: 1 },
    });
    expect(first.status).toBe(200);
    expect(statementCount(first)).toBeGreaterThanOrEqual(1);
    for (const variantId of [variant?.id, variant?.id, other?.id]) {
      const again = await cartCall('POST', path, { token: cart.token, body: { variantId, quantity: 1 } });
      expect(again.status).toBe(200);
      if (variantId === variant?.id) expect(statementCount(again)).toBe(0);
    }
    const read = await cartCall('GET', `/v1/carts/${cart.id}`, { token: cart.token });
    expect(statementCount(read)).toBe(0);
    // Another cart with the same variant: the catalog is warm for every cart, not per cart.
    const second = await createCart();
    const warm = await cartCall('POST', `/v1/carts/${second.id}/lines`, {
      token: second.token,
      body: { variantId: variant?.id, quantity: 1 },
    });
    expect(statementCount(warm)).toBe(0);
  });
});

describe('Idempotency-Key on cart changes', () => {
  it('answers a retried change as the first time and changes nothing again', async () => {
    const [variant] = await sellableVariants(10);
    if (!variant) throw new Error('no variant');
    const cart = await createCart();
    const add = (key: string, quantity = 2) =>
      cartCall('POST', `/v1/carts/${cart.id}/lines`, {
        token: cart.token,
        headers: { 'Idempotency-Key': key },
        body: { variantId: variant.id, quantity },
      });
    const first = await add('add-shirt-1');
    expect(first.status).toBe(200);
    expect(first.headers.get('Idempotent-Replayed')).toBeNull();
    const retried = await add('add-shirt-1');
    expect(retried.status).toBe(200);
    expect(retried.headers.get('Idempotent-Replayed')).toBe('true');
    expect(retried.headers.get('ETag')).toBe(first.headers.get('ETag'));
    expect((await retried.json<Cart>()).lines[0]?.quantity).toBe(2);
    expect((await env.INVENTORY.getByName(variant.sku).snapshot()).reserved).toBe(2);
    // The same key with other parameters is refused; a new key is a new change.
    await expectProblem(await add('add-shirt-1', 3), 422, 'idempotency_key_reused');
    expect((await (await add('add-shirt-2')).json<Cart>()).lines[0]?.quantity).toBe(4);
    // A refusal is an answer too: the retry of an add that found no stock gets the same 409.
    await expectProblem(await add('too-many', 7), 409, 'insufficient_stock');
    await expectProblem(await add('too-many', 7), 409, 'insufficient_stock');
    await expectProblem(await add('bad key'), 400, 'idempotency_key_required');
    const read = await cartCall('GET', `/v1/carts/${cart.id}`, { token: cart.token });
    expect((await read.json<Cart>()).lines[0]?.quantity).toBe(4);
  });
});

describe('an abandoned cart', () => {
  it('records CartAbandoned from the CartObject’s own alarm, once per idle period, into the outbox', async () => {
    const [variant] = await sellableVariants(5, 1_500);
    const cart = await createCart();
    await addLine(cart, variant?.id ?? '', 2);
    const object = env.CART.getByName(cart.id);
    const deadline = await runInDurableObject(object, (_instance, state) => state.storage.getAlarm());
    // CART_ABANDONED_AFTER_SECONDS (default an hour) from the change.
    expect((deadline ?? 0) - Date.now()).toBeGreaterThan(3_500_000);
    // Move the idle period's end into the past, as an hour of waiting would, and let the alarm run.
    await runInDurableObject(object, (_instance, state) => {
      state.storage.sql.exec('UPDATE cart SET abandon_at = ? WHERE id = 1', Date.now() - 1);
    });
    expect(await runDurableObjectAlarm(object)).toBe(true);
    // Moved by the same alarm to Postgres's outbox, whence the relay publishes it (ADR 33).
    const events = await outboxEventsOf('cart', cart.id);
    expect(events).toEqual([
      expect.objectContaining({
        type: 'CartAbandoned',
        version: 1,
        aggregate: { type: 'cart', id: cart.id },
        data: expect.objectContaining({ cartId: cart.id, currency: 'USD', subtotal: 3_000, itemCount: 2 }),
      }),
    ]);
    // The same idle period is announced once.
    await runInDurableObject(object, (_instance, state) => state.storage.setAlarm(Date.now()));
    await runDurableObjectAlarm(object);
    expect(await outboxEventsOf('cart', cart.id)).toHaveLength(1);
    expect(await object.outbox()).toEqual([]);
  });
});
