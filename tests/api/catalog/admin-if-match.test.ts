import { describe, expect, it } from 'vitest';
import { expectProblem } from '../problem-assertions';
import {
  type AdminCategoryView,
  type AdminProductView,
  adminChange,
  adminPatch,
  createAdminCategory,
  createAdminProduct,
} from './admin-kit';
import { eventsFor, storedProduct } from './catalog-rows';
import { adminRequest, statementCount, withDatabase } from './catalog-test-kit';

const STRONG_TAG = /^"[A-Za-z0-9_-]{43}"$/;

async function read<T>(path: string): Promise<{ body: T; etag: string }> {
  const response = await adminRequest('GET', path);
  expect(response.status).toBe(200);
  expect(response.headers.get('Cache-Control')).toBe('private, no-store');
  return { body: await response.json<T>(), etag: response.headers.get('ETag') ?? '' };
}

describe('admin API: ETags on reads', { timeout: 60_000 }, () => {
  it('answers a product, a variant and a category with a strong ETag that stays put while nothing changes', async () => {
    const product = await createAdminProduct();
    const category = await createAdminCategory();
    const paths = [
      `/v1/admin/products/${product.id}`,
      `/v1/admin/variants/${product.variants[0]?.id}`,
      `/v1/admin/categories/${category.id}`,
    ];

    for (const path of paths) {
      const first = await read(path);
      const again = await read(path);
      expect(first.etag, path).toMatch(STRONG_TAG);
      expect(again.etag, path).toBe(first.etag);
    }
  });

  it("changes a product's and a variant's ETag when a price changes, though the product row does not", async () => {
    const product = await createAdminProduct();
    const variantId = product.variants[0]?.id ?? '';
    const productBefore = await read<AdminProductView>(`/v1/admin/products/${product.id}`);
    const variantBefore = await read(`/v1/admin/variants/${variantId}`);

    const priced = await adminRequest('POST', `/v1/admin/variants/${variantId}/prices`, {
      body: { prices: [{ currency: 'EUR', amount: 12_900 }] },
    });
    expect(priced.status).toBe(200);

    const productAfter = await read<AdminProductView>(`/v1/admin/products/${product.id}`);
    const variantAfter = await read(`/v1/admin/variants/${variantId}`);
    expect(productAfter.body.updatedAt).toBe(productBefore.body.updatedAt);
    expect(productAfter.etag).not.toBe(productBefore.etag);
    expect(variantAfter.etag).not.toBe(variantBefore.etag);
    const stale = await adminPatch(
      `/v1/admin/products/${product.id}`,
      { title: 'Stale' },
      productBefore.etag,
    );
    await expectProblem(stale, 412, 'precondition_failed');
  });
});

describe('admin API: PATCH with If-Match', { timeout: 60_000 }, () => {
  it('applies a product change whose If-Match is the current ETag and answers the new ETag, the one a GET then gives', async () => {
    const product = await createAdminProduct();
    const { etag } = await read(`/v1/admin/products/${product.id}`);

    const response = await adminPatch(`/v1/admin/products/${product.id}`, { title: 'Waxed jacket' }, etag);

    expect(response.status, await response.clone().text()).toBe(200);
    expect(response.headers.get('Cache-Control')).toBe('private, no-store');
    const updated = response.headers.get('ETag');
    expect(updated).toMatch(STRONG_TAG);
    expect(updated).not.toBe(etag);
    expect((await response.json<AdminProductView>()).title).toBe('Waxed jacket');
    expect((await read(`/v1/admin/products/${product.id}`)).etag).toBe(updated);
  });

  it('refuses a stale If-Match with 412 precondition_failed and changes nothing, records no event', async () => {
    const product = await createAdminProduct();
    const { etag: stale } = await read(`/v1/admin/products/${product.id}`);
    expect(
      (await adminPatch(`/v1/admin/products/${product.id}`, { title: 'First edit' }, stale)).status,
    ).toBe(200);
    const eventsBefore = await withDatabase((db) => eventsFor(db, [product.id]));

    const response = await adminPatch(`/v1/admin/products/${product.id}`, { title: 'Lost edit' }, stale);

    await expectProblem(response, 412, 'precondition_failed');
    expect(response.headers.get('Cache-Control')).toBe('private, no-store');
    expect((await withDatabase((db) => storedProduct(db, product.handle)))?.title).toBe('First edit');
    expect(await withDatabase((db) => eventsFor(db, [product.id]))).toHaveLength(eventsBefore.length);
  });

  it('matches any existing product with *, and one tag of a list', async () => {
    const product = await createAdminProduct();
    const star = await adminPatch(`/v1/admin/products/${product.id}`, { title: 'Any' }, '*');
    const { etag } = await read(`/v1/admin/products/${product.id}`);
    const list = await adminPatch(
      `/v1/admin/products/${product.id}`,
      { title: 'Listed' },
      `"someone-elses", ${etag}, W/"weak"`,
    );

    expect([star.status, list.status]).toEqual([200, 200]);
    expect((await withDatabase((db) => storedProduct(db, product.handle)))?.title).toBe('Listed');
  });

  it('never matches the current tag sent weak: If-Match compares strongly', async () => {
    const product = await createAdminProduct();
    const { etag } = await read(`/v1/admin/products/${product.id}`);

    const response = await adminPatch(`/v1/admin/products/${product.id}`, { title: 'Weak' }, `W/${etag}`);

    await expectProblem(response, 412, 'precondition_failed');
    expect((await withDatabase((db) => storedProduct(db, product.handle)))?.title).toBe(product.title);
  });

  it('applies a change without If-Match as before (the header is optional), answering the new ETag', async () => {
    const product = await createAdminProduct();
    const response = await adminPatch(`/v1/admin/products/${product.id}`, { title: 'Unconditional' });
    expect(response.status).toBe(200);
    expect(response.headers.get('ETag')).toBe((await read(`/v1/admin/products/${product.id}`)).etag);
  });

  it('refuses a malformed If-Match with 400 naming the header, before anything is read', async () => {
    const product = await createAdminProduct();
    for (const header of ['abc', '"unterminated', '*, "a"', 'w/"lowercase-weak"']) {
      const response = await adminPatch(`/v1/admin/products/${product.id}`, { title: 'Malformed' }, header);
      const problem = await expectProblem(response, 400, 'validation_failed');
      expect(problem.errors?.map((error) => error.path)).toEqual(['if-match']);
      expect(statementCount(response)).toBe(0);
    }
  });

  it('answers 404, not 412, for a product that does not exist, whatever the If-Match', async () => {
    for (const header of ['*', '"whatever"']) {
      await expectProblem(
        await adminPatch('/v1/admin/products/prod_01jd7x6q2n8v0c4r5s6t7u8v00', { title: 'X' }, header),
        404,
        'not_found',
      );
    }
  });

  it('costs one more statement only when a tag must be compared', async () => {
    const product = await createAdminProduct();
    const without = await adminPatch(`/v1/admin/products/${product.id}`, { title: 'One' });
    const star = await adminPatch(`/v1/admin/products/${product.id}`, { title: 'Two' }, '*');
    const tagged = await adminPatch(
      `/v1/admin/products/${product.id}`,
      { title: 'Three' },
      star.headers.get('ETag') ?? '',
    );

    expect(tagged.status).toBe(200);
    expect(statementCount(star)).toBe(statementCount(without));
    expect(statementCount(tagged)).toBe(statementCount(without) + 1);
  });

  it('guards a variant: its current ETag applies the change, the previous one is refused', async () => {
    const product = await createAdminProduct();
    const path = `/v1/admin/variants/${product.variants[0]?.id}`;
    const { etag } = await read(path);

    const applied = await adminPatch(path, { title: 'Sand' }, etag);
    const refused = await adminPatch(path, { title: 'Olive' }, etag);

    expect(applied.status).toBe(200);
    expect(applied.headers.get('ETag')).toBe((await read(path)).etag);
    await expectProblem(refused, 412, 'precondition_failed');
    expect((await read<{ title: string }>(path)).body.title).toBe('Sand');
  });

  it("guards a variant's prices: setting them with a stale ETag is refused and changes nothing", async () => {
    const product = await createAdminProduct();
    const variantPath = `/v1/admin/variants/${product.variants[0]?.id}`;
    const pricesPath = `${variantPath}/prices`;
    const { etag } = await read(variantPath);
    const setPrices = (amount: number, ifMatch: string) =>
      adminChange('POST', pricesPath, { prices: [{ currency: 'EUR', amount }] }, ifMatch);

    const applied = await setPrices(4_900, etag);
    expect(applied.status).toBe(200);
    const current = await read<{ prices: { amount: number }[] }>(variantPath);
    expect(applied.headers.get('ETag')).toBe(current.etag);
    await expectProblem(await setPrices(5_900, etag), 412, 'precondition_failed');
    expect(
      (await read<{ prices: { amount: number }[] }>(variantPath)).body.prices.map((p) => p.amount),
    ).toEqual([4_900]);
    expect((await setPrices(5_900, current.etag)).status).toBe(200);

    const malformed = await expectProblem(await setPrices(6_900, 'not-a-tag'), 400, 'validation_failed');
    expect(malformed.errors).toContainEqual(expect.objectContaining({ path: 'if-match' }));
    expect(
      (await read<{ prices: { amount: number }[] }>(variantPath)).body.prices.map((p) => p.amount),
    ).toEqual([5_900]);
  });

  it("guards a category, whose ETag changes when a parent's move rewrites its path", async () => {
    const parent = await createAdminCategory();
    const child = await createAdminCategory({ parentId: parent.id });
    const childPath = `/v1/admin/categories/${child.id}`;
    const { etag: childTag } = await read(childPath);
    const { etag: parentTag } = await read(`/v1/admin/categories/${parent.id}`);

    const renamed = await adminPatch(
      `/v1/admin/categories/${parent.id}`,
      { handle: `${parent.handle}-new` },
      parentTag,
    );
    const stale = await adminPatch(childPath, { name: 'Stale' }, childTag);
    const current = await read<AdminCategoryView>(childPath);
    const fresh = await adminPatch(childPath, { name: 'Coats' }, current.etag);

    expect(renamed.status).toBe(200);
    expect(current.body.path).toBe(`${parent.handle}-new/${child.handle}`);
    await expectProblem(stale, 412, 'precondition_failed');
    expect(fresh.status).toBe(200);
    expect(fresh.headers.get('ETag')).toBe((await read(childPath)).etag);
  });
});
