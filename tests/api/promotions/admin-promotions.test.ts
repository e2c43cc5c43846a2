import { exports } from 'cloudflare:workers';
import { promotions } from '@edge-commerce/db';
import { beforeAll, describe, expect, it } from 'vitest';
import { testCredentials } from '../../setup/integration-credentials';
import { adminPatch } from '../catalog/admin-kit';
import { API_ORIGIN, adminRequest, uniqueSuffix, withDatabase } from '../catalog/catalog-test-kit';
import { expectProblem } from '../problem-assertions';
import { createPromotion, uniqueCode, withDemoMarkets } from './promotion-kit';

type PromotionView = promotions.PromotionView;

const post = (body: unknown, idempotencyKey?: string) =>
  adminRequest('POST', '/v1/admin/promotions', {
    body,
    ...(idempotencyKey === undefined ? {} : { idempotencyKey }),
  });

const get = (path: string) => adminRequest('GET', path);

/** Counts a use the way checkout will: inside a transaction of its own. */
const redeem = (id: string) =>
  withDatabase((db) => db.transaction((tx) => promotions.redeemPromotions(tx, [id])));

beforeAll(withDemoMarkets);

describe('admin API: creating promotion codes', { timeout: 60_000 }, () => {
  it('creates a percentage code: 201, Location, every term as sent, no use counted', async () => {
    const code = uniqueCode();
    const response = await post({
      code,
      kind: 'percentage',
      percentOff: 2500,
      minimumSubtotal: { amount: 5000, currency: 'EUR' },
      startsAt: '2026-06-01T00:00:00Z',
      endsAt: '2026-09-01T02:00:00+02:00',
      usageLimit: 500,
    });

    expect(response.status, await response.clone().text()).toBe(201);
    const created = await response.json<PromotionView>();
    expect(created.id).toMatch(/^promo_[0-9a-z]+$/);
    expect(response.headers.get('Location')).toBe(`/v1/admin/promotions/${created.id}`);
    expect(created).toMatchObject({
      code,
      kind: 'percentage',
      percentOff: 2500,
      amountOff: null,
      minimumSubtotal: { amount: 5000, currency: 'EUR' },
      startsAt: '2026-06-01T00:00:00.000Z',
      endsAt: '2026-09-01T00:00:00.000Z',
      usageLimit: 500,
      usageCount: 0,
      active: true,
    });
    const read = await get(`/v1/admin/promotions/${created.id}`);
    expect(await read.json()).toEqual(created);
    expect(read.headers.get('ETag')).toMatch(/^"[\w-]+"$/);
    expect(read.headers.get('Cache-Control')).toContain('no-store');
  });

  it('creates fixed_amount and free_shipping codes', async () => {
    const fixed = await createPromotion({
      kind: 'fixed_amount',
      percentOff: undefined,
      amountOff: { amount: 1000, currency: 'USD' },
      minimumSubtotal: { amount: 4000, currency: 'USD' },
    });
    const shipping = await createPromotion({ kind: 'free_shipping', percentOff: undefined, active: false });

    expect(fixed).toMatchObject({
      kind: 'fixed_amount',
      percentOff: null,
      amountOff: { amount: 1000, currency: 'USD' },
    });
    expect(shipping).toMatchObject({
      kind: 'free_shipping',
      percentOff: null,
      amountOff: null,
      active: false,
    });
  });

  it('replays a retried create with the same Idempotency-Key, and refuses the key for another body', async () => {
    const key = `promo-${uniqueSuffix()}`;
    const body = { code: uniqueCode(), kind: 'free_shipping' };
    const first = await post(body, key);
    const retry = await post(body, key);
    const other = await post({ ...body, code: uniqueCode() }, key);

    const created = await first.json<PromotionView>();
    expect(retry.status).toBe(201);
    expect(retry.headers.get('Idempotent-Replayed')).toBe('true');
    expect(retry.headers.get('Location')).toBe(`/v1/admin/promotions/${created.id}`);
    expect(await retry.json()).toEqual(created);
    await expectProblem(other, 422, 'idempotency_key_reused');
  });

  it('refuses a code another promotion has in any case with 409 promotion_code_taken, keeping the first as typed', async () => {
    const code = `Summer-${uniqueSuffix()}`;
    const first = await createPromotion({ code });

    const again = await post({ code: code.toUpperCase(), kind: 'free_shipping' });

    await expectProblem(again, 409, 'promotion_code_taken');
    expect((await get(`/v1/admin/promotions/${first.id}`).then((r) => r.json<PromotionView>())).code).toBe(
      code,
    );
  });

  it.each([
    ['percentOff over 10000', { percentOff: 10_001 }, 'percentOff'],
    ['percentOff 0', { percentOff: 0 }, 'percentOff'],
    ['percentage without percentOff', { percentOff: undefined }, 'percentOff'],
    ['fixed_amount without amountOff', { kind: 'fixed_amount', percentOff: undefined }, 'amountOff'],
    [
      'fixed_amount of 0',
      { kind: 'fixed_amount', percentOff: undefined, amountOff: { amount: 0, currency: 'EUR' } },
      'amountOff.amount',
    ],
    ['percentOff on free_shipping', { kind: 'free_shipping' }, 'percentOff'],
    [
      'a currency no market sells in',
      { kind: 'fixed_amount', percentOff: undefined, amountOff: { amount: 500, currency: 'JPY' } },
      'amountOff.currency',
    ],
    [
      'a minimum subtotal in another currency than the amount off',
      {
        kind: 'fixed_amount',
        percentOff: undefined,
        amountOff: { amount: 500, currency: 'EUR' },
        minimumSubtotal: { amount: 3000, currency: 'USD' },
      },
      'minimumSubtotal.currency',
    ],
    ['ends before it starts', { startsAt: '2026-09-01T00:00:00Z', endsAt: '2026-06-01T00:00:00Z' }, 'endsAt'],
    [
      'ends as it starts',
      { startsAt: '2026-09-01T00:00:00Z', endsAt: '2026-09-01T02:00:00+02:00' },
      'endsAt',
    ],
    ['usage limit 0', { usageLimit: 0 }, 'usageLimit'],
    ['usage limit past a Postgres integer', { usageLimit: 2 ** 31 }, 'usageLimit'],
  ])('refuses %s with 422 rule_violated naming the field, creating nothing', async (_case, change, path) => {
    const code = uniqueCode();
    const response = await post({ code, kind: 'percentage', percentOff: 2500, ...change });

    const problem = await expectProblem(response, 422, 'rule_violated');
    expect(problem.errors?.map((error) => error.path)).toEqual([path]);
    expect(await withDatabase((db) => promotions.findPromotionByCode(db, code))).toBeUndefined();
  });

  it('lists every broken rule of a request at once', async () => {
    const response = await post({
      code: uniqueCode(),
      kind: 'percentage',
      percentOff: 20_000,
      minimumSubtotal: { amount: 100, currency: 'CHF' },
      startsAt: '2026-09-01T00:00:00Z',
      endsAt: '2026-06-01T00:00:00Z',
      usageLimit: 0,
    });

    const problem = await expectProblem(response, 422, 'rule_violated');
    expect(problem.errors?.map((error) => error.path)).toEqual([
      'percentOff',
      'minimumSubtotal.currency',
      'endsAt',
      'usageLimit',
    ]);
  });

  it.each([
    ['a code of 2 characters', { code: 'AB' }, 'code'],
    ['a code with a space', { code: 'SUMMER 25' }, 'code'],
    ['a code of 65 characters', { code: 'A'.repeat(65) }, 'code'],
    ['an unknown kind', { kind: 'buy_one_get_one' }, 'kind'],
    ['a fractional percentOff', { percentOff: 12.5 }, 'percentOff'],
    [
      'a negative amount',
      { kind: 'fixed_amount', amountOff: { amount: -5, currency: 'EUR' } },
      'amountOff.amount',
    ],
    ['money without a currency', { kind: 'fixed_amount', amountOff: { amount: 500 } }, 'amountOff.currency'],
    [
      'an unknown currency code',
      { kind: 'fixed_amount', amountOff: { amount: 500, currency: 'XYZ' } },
      'amountOff.currency',
    ],
    ['an instant without an offset', { endsAt: '2026-09-01T00:00:00' }, 'endsAt'],
    ['an unknown field', { usageCount: 3 }, ''],
  ])('refuses %s with 400 validation_failed naming the field', async (_case, change, path) => {
    const response = await post({ code: uniqueCode(), kind: 'percentage', percentOff: 2500, ...change });

    const problem = await expectProblem(response, 400, 'validation_failed');
    expect(problem.errors?.map((error) => error.path)).toContain(path);
  });
});

describe('admin API: reading and listing promotions', { timeout: 60_000 }, () => {
  it('answers 404 for an unknown or malformed id', async () => {
    await expectProblem(await get(`/v1/admin/promotions/promo_${uniqueSuffix()}`), 404, 'not_found');
    await expectProblem(await get('/v1/admin/promotions/prod_01jd7x6q2n8v0c4r5s6t7u8v9w'), 404, 'not_found');
  });

  it('finds a promotion by code in any case, in the list and for the cart', async () => {
    const code = `Autumn-${uniqueSuffix()}`;
    const created = await createPromotion({ code });

    const page = await get(`/v1/admin/promotions?code=${code.toLowerCase()}`).then((r) =>
      r.json<{ data: PromotionView[]; nextCursor: string | null }>(),
    );
    expect(page).toEqual({ data: [created], nextCursor: null });
    expect(await withDatabase((db) => promotions.findPromotionByCode(db, code.toUpperCase()))).toEqual(
      created,
    );
    expect(await withDatabase((db) => promotions.findPromotionByCode(db, `${code}X`))).toBeUndefined();
  });

  it('filters by active and pages newest first without repeating or skipping', async () => {
    const ours = [
      await createPromotion({ active: false }),
      await createPromotion({ active: false }),
      await createPromotion({ active: false }),
    ];
    const active = await createPromotion();

    const seen: PromotionView[] = [];
    let cursor: string | null = null;
    do {
      const response = await get(
        `/v1/admin/promotions?active=false&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      expect(response.status, await response.clone().text()).toBe(200);
      const page: { data: PromotionView[]; nextCursor: string | null } = await response.json();
      expect(page.data.length).toBeLessThanOrEqual(2);
      seen.push(...page.data);
      cursor = page.nextCursor;
    } while (cursor);

    const ids = seen.map((promotion) => promotion.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(seen.every((promotion) => !promotion.active)).toBe(true);
    expect(ids).not.toContain(active.id);
    expect(ids.filter((id) => ours.some((promotion) => promotion.id === id))).toEqual(
      ours.map((promotion) => promotion.id).reverse(),
    );
  });

  it('refuses unknown parameters, a bad active and a cursor of another filter with 400', async () => {
    const unknown = await expectProblem(
      await get('/v1/admin/promotions?kind=percentage'),
      400,
      'validation_failed',
    );
    expect(unknown.errors?.[0]?.path).toBe('kind');
    await expectProblem(await get('/v1/admin/promotions?active=yes'), 400, 'validation_failed');
    await createPromotion({ active: false });
    await createPromotion({ active: false });
    const page = await get('/v1/admin/promotions?active=false&limit=1').then((r) =>
      r.json<{ nextCursor: string | null }>(),
    );
    await expectProblem(
      await get(`/v1/admin/promotions?active=true&cursor=${encodeURIComponent(page.nextCursor ?? '')}`),
      400,
      'cursor_mismatch',
    );
  });

  it('refuses every route without the admin key (401) and has no DELETE (405)', async () => {
    const created = await createPromotion();
    const anonymous = await adminRequest('GET', '/v1/admin/promotions', { key: null });
    const wrongKey = await adminRequest('POST', '/v1/admin/promotions', {
      body: { code: uniqueCode(), kind: 'free_shipping' },
      key: 'sk_wrong',
    });
    const remove = await exports.default.fetch(`${API_ORIGIN}/v1/admin/promotions/${created.id}`, {
      method: 'DELETE',
      headers: { Authorization: `Bearer ${testCredentials.adminApiKey}` },
    });

    await expectProblem(anonymous, 401, 'unauthorized');
    await expectProblem(wrongKey, 401, 'unauthorized');
    await expectProblem(remove, 405, 'method_not_allowed');
    expect(remove.headers.get('Allow')).toContain('PATCH');
  });
});

describe('admin API: changing when and how often a code can be used', { timeout: 60_000 }, () => {
  it('deactivates, moves the window, changes the limit and clears the minimum; the answer carries the new ETag', async () => {
    const created = await createPromotion({
      minimumSubtotal: { amount: 5000, currency: 'EUR' },
      usageLimit: 10,
    });
    const path = `/v1/admin/promotions/${created.id}`;

    const response = await adminPatch(path, {
      active: false,
      startsAt: '2026-01-01T00:00:00Z',
      endsAt: '2026-02-01T00:00:00Z',
      usageLimit: null,
      minimumSubtotal: null,
    });

    expect(response.status, await response.clone().text()).toBe(200);
    const updated = await response.json<PromotionView>();
    expect(updated).toMatchObject({
      code: created.code,
      percentOff: 2500,
      active: false,
      startsAt: '2026-01-01T00:00:00.000Z',
      endsAt: '2026-02-01T00:00:00.000Z',
      usageLimit: null,
      minimumSubtotal: null,
    });
    const read = await get(path);
    expect(await read.json()).toEqual(updated);
    expect(response.headers.get('ETag')).toBe(read.headers.get('ETag'));
  });

  it('applies a PATCH with the current ETag and refuses a stale one with 412, changing nothing', async () => {
    const created = await createPromotion();
    const path = `/v1/admin/promotions/${created.id}`;
    const etag = (await get(path)).headers.get('ETag') ?? '';

    const fresh = await adminPatch(path, { usageLimit: 50 }, etag);
    const stale = await adminPatch(path, { usageLimit: 70 }, etag);

    expect(fresh.status, await fresh.clone().text()).toBe(200);
    await expectProblem(stale, 412, 'precondition_failed');
    expect((await get(path).then((r) => r.json<PromotionView>())).usageLimit).toBe(50);
  });

  it('a use counted by an order changes the ETag, so a PATCH based on the earlier read gets 412', async () => {
    const created = await createPromotion({ usageLimit: 5 });
    const path = `/v1/admin/promotions/${created.id}`;
    const etag = (await get(path)).headers.get('ETag') ?? '';

    expect(await redeem(created.id)).toEqual([]);

    await expectProblem(await adminPatch(path, { usageLimit: 6 }, etag), 412, 'precondition_failed');
  });

  it.each([
    ['kind', { kind: 'free_shipping' }],
    ['code', { code: 'OTHER-CODE' }],
    ['percentOff', { percentOff: 5000 }],
    ['amountOff', { amountOff: { amount: 100, currency: 'EUR' } }],
  ])('refuses to change %s (400, saying why), changing nothing', async (field, change) => {
    const created = await createPromotion();
    const path = `/v1/admin/promotions/${created.id}`;

    const problem = await expectProblem(await adminPatch(path, change), 400, 'validation_failed');

    expect(problem.errors?.[0]?.message).toMatch(new RegExp(`^${field} cannot change: .*create a new code`));
    expect(await get(path).then((r) => r.json())).toEqual(created);
  });

  it('refuses a usage limit below the uses already counted, an inverted window and an unsold currency with 422', async () => {
    const created = await createPromotion({ usageLimit: 3, startsAt: '2026-01-01T00:00:00Z' });
    const path = `/v1/admin/promotions/${created.id}`;
    expect(await redeem(created.id)).toEqual([]);
    expect(await redeem(created.id)).toEqual([]);

    const belowUses = await expectProblem(await adminPatch(path, { usageLimit: 1 }), 422, 'rule_violated');
    const inverted = await expectProblem(
      await adminPatch(path, { endsAt: '2025-12-31T00:00:00Z' }),
      422,
      'rule_violated',
    );
    const unsold = await expectProblem(
      await adminPatch(path, { minimumSubtotal: { amount: 100, currency: 'JPY' } }),
      422,
      'rule_violated',
    );
    const zero = await expectProblem(await adminPatch(path, { usageLimit: 0 }), 422, 'rule_violated');

    expect(belowUses.errors).toEqual([{ path: 'usageLimit', message: expect.stringContaining('2 uses') }]);
    expect(inverted.errors?.map((error) => error.path)).toEqual(['endsAt']);
    expect(unsold.errors?.map((error) => error.path)).toEqual(['minimumSubtotal.currency']);
    expect(zero.errors?.map((error) => error.path)).toEqual(['usageLimit']);
    expect(await get(path).then((r) => r.json<PromotionView>())).toMatchObject({
      usageLimit: 3,
      usageCount: 2,
    });
    // Exactly the uses counted is a limit it can have: the code is then used up.
    expect((await adminPatch(path, { usageLimit: 2 })).status).toBe(200);
  });

  it('answers 404 for an unknown promotion and 400 for an empty change', async () => {
    await expectProblem(
      await adminPatch(`/v1/admin/promotions/promo_${uniqueSuffix()}`, { active: false }),
      404,
      'not_found',
    );
    const created = await createPromotion();
    await expectProblem(await adminPatch(`/v1/admin/promotions/${created.id}`, {}), 400, 'validation_failed');
  });
});
