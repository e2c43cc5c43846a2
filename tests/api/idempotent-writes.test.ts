import { createExecutionContext, createScheduledController, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import worker from '../../workers/api/src/index';
import { cartCall, ensureMarkets, sellableVariants } from './carts/cart-kit';
import { uniqueSuffix, withDatabase } from './catalog/catalog-test-kit';
import { type CheckoutAnswer, readyCart, recordsOfCart, US_ADDRESS } from './checkout/checkout-kit';
import { call, register } from './identity/customer-kit';
import { expectProblem } from './problem-assertions';

// Idempotency-Key on the POSTs that create or change something (ADR 30), Stripe's way.

beforeAll(ensureMarkets);

const key = () => `key-${uniqueSuffix()}`;

describe('Idempotency-Key', () => {
  it('replays a checkout: one payment, the same answer, marked as replayed', async () => {
    const [variant] = await sellableVariants(10, 2_000);
    if (!variant) throw new Error('no variant');
    const cart = await readyCart([variant], 1);
    const sent = {
      token: cart.token,
      body: { email: 'ada@example.com', shippingMethod: cart.rateId, paymentMethod: 'pm_card_visa' },
    };
    const idempotencyKey = key();
    const first = await cartCall('POST', `/v1/carts/${cart.id}/checkout`, {
      ...sent,
      headers: { 'Idempotency-Key': idempotencyKey },
    });
    expect(first.status, await first.clone().text()).toBe(200);
    expect(first.headers.get('Idempotent-Replayed')).toBeNull();
    // The same parameters in another order and spacing are the same request.
    const again = await cartCall('POST', `/v1/carts/${cart.id}/checkout`, {
      token: cart.token,
      body: JSON.stringify(
        { paymentMethod: 'pm_card_visa', shippingMethod: cart.rateId, email: 'ada@example.com' },
        null,
        2,
      ),
      headers: { 'Idempotency-Key': idempotencyKey },
    });
    expect(again.status).toBe(200);
    expect(again.headers.get('Idempotent-Replayed')).toBe('true');
    expect(await again.json<CheckoutAnswer>()).toEqual(await first.json<CheckoutAnswer>());
    expect(await recordsOfCart(cart.id)).toEqual({ orders: 1, payments: 1, refunded: 0, events: 1 });

    // Another request with the key: 422, nothing done.
    await expectProblem(
      await cartCall('POST', `/v1/carts/${cart.id}/checkout`, {
        token: cart.token,
        body: { email: 'grace@example.com' },
        headers: { 'Idempotency-Key': idempotencyKey },
      }),
      422,
      'idempotency_key_reused',
    );
  });

  it('answers 409 to a duplicate while the first is still running, and replays it afterwards', async () => {
    const idempotencyKey = key();
    const body = { currency: 'USD' };
    const headers = {
      'Idempotency-Key': idempotencyKey,
      'CF-Connecting-IP': `198.51.100.${Math.floor(Math.random() * 250)}`,
    };
    const answers = await Promise.all(
      Array.from({ length: 8 }, () => cartCall('POST', '/v1/carts', { body, headers })),
    );
    const created = answers.filter(
      (response) => response.status === 201 && !response.headers.get('Idempotent-Replayed'),
    );
    expect(created).toHaveLength(1);
    for (const response of answers.filter((answer) => answer.status !== 201)) {
      await expectProblem(response, 409, 'idempotency_key_in_use');
    }
    const first = await created[0]?.json<{ id: string; token: string }>();
    const replayed = await cartCall('POST', '/v1/carts', { body, headers });
    expect(replayed.status).toBe(201);
    expect(replayed.headers.get('Idempotent-Replayed')).toBe('true');
    expect(await replayed.json()).toEqual(first);
  });

  it('is the caller’s own: the same key from another customer is another key', async () => {
    const [ada, grace] = [await register(), await register()];
    const idempotencyKey = key();
    const add = (token: string) =>
      call('POST', '/v1/customers/me/addresses', {
        token,
        body: { ...US_ADDRESS, label: 'home' },
        headers: { 'Idempotency-Key': idempotencyKey },
      });
    const adas = await add(ada.accessToken);
    expect(adas.status, await adas.clone().text()).toBe(201);
    expect((await add(ada.accessToken)).headers.get('Idempotent-Replayed')).toBe('true');
    const graces = await add(grace.accessToken);
    expect(graces.status).toBe(201);
    expect(graces.headers.get('Idempotent-Replayed')).toBeNull();
    const count = async (token: string) =>
      (await (await call('GET', '/v1/customers/me/addresses', { token })).json<{ data: unknown[] }>()).data
        .length;
    expect([await count(ada.accessToken), await count(grace.accessToken)]).toEqual([1, 1]);
  });

  it('does not keep a refused body or a dependency down, so the retry runs again', async () => {
    const idempotencyKey = key();
    const headers = { 'Idempotency-Key': idempotencyKey };
    await expectProblem(
      await cartCall('POST', '/v1/carts', { body: { currency: 'usd' }, headers }),
      400,
      'validation_failed',
    );
    const fixed = await cartCall('POST', '/v1/carts', { body: { currency: 'USD' }, headers });
    expect(fixed.status, await fixed.clone().text()).toBe(201);
    await expectProblem(
      await cartCall('POST', '/v1/carts', { body: {}, headers: { 'Idempotency-Key': ' bad key' } }),
      400,
      'idempotency_key_required',
    );
  });

  it('keeps answers sealed, and the cron forgets keys after 24 hours', async () => {
    const idempotencyKey = key();
    const created = await cartCall('POST', '/v1/carts', {
      body: { currency: 'USD' },
      headers: { 'Idempotency-Key': idempotencyKey },
    });
    const { token } = await created.json<{ token: string }>();
    const stored = await withDatabase(async (db) => {
      const { rows } = await db.execute<{ id: string; response: string }>(sql`
        select id, response from idempotency_keys where created_at > now() - interval '1 minute' and response is not null`);
      return rows;
    });
    expect(stored.length).toBeGreaterThan(0);
    // Neither the key nor the cart's token is in the clear anywhere.
    for (const row of stored) {
      expect(row.id).not.toContain(idempotencyKey);
      expect(row.response).not.toContain(token);
    }
    const ids = JSON.stringify(stored.map((row) => row.id));
    const inIds = sql`id in (select jsonb_array_elements_text(${ids}::jsonb))`;
    await withDatabase((db) =>
      db.execute(sql`update idempotency_keys set created_at = now() - interval '25 hours' where ${inIds}`),
    );
    const ctx = createExecutionContext();
    await worker.scheduled(createScheduledController({ cron: '* * * * *' }), env, ctx);
    await waitOnExecutionContext(ctx);
    const left = await withDatabase(
      async (db) =>
        (await db.execute(sql`select count(*)::int as n from idempotency_keys where ${inIds}`)).rows[0],
    );
    expect(left).toEqual({ n: 0 });
  });
});
