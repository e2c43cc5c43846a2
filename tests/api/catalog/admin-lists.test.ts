import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { expectProblem } from '../problem-assertions';
import {
  type AdminCategoryView,
  type AdminPage,
  type AdminProductView,
  createAdminCategory,
  createAdminProduct,
  inTurn,
} from './admin-kit';
import { adminRequest, statementCount, withDatabase } from './catalog-test-kit';

// The database is shared with suites running meanwhile and, on CI's PostgreSQL, with earlier
// runs: the walks look for our own rows within whatever else is listed.

interface Walk<T> {
  items: T[];
  statements: number[];
  lastCursor: string | null;
}

/** Follows `nextCursor` from `path` until `done` says so or the list ends. */
async function walk<T>(path: string, done: (items: T[]) => boolean, maxPages = 2_000): Promise<Walk<T>> {
  const items: T[] = [];
  const statements: number[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < maxPages; page++) {
    const separator = path.includes('?') ? '&' : '?';
    const response = await adminRequest(
      'GET',
      cursor === null ? path : `${path}${separator}cursor=${encodeURIComponent(cursor)}`,
    );
    expect(response.status, await response.clone().text()).toBe(200);
    statements.push(statementCount(response));
    const body = await response.json<AdminPage<T>>();
    items.push(...body.data);
    cursor = body.nextCursor;
    if (cursor === null || done(items)) return { items, statements, lastCursor: cursor };
  }
  throw new Error(`${path}: no end after ${maxPages} pages`);
}

/** Gives `ids` one creation instant (the statement's), so they tie in the newest-first order. */
async function createdTogether(table: 'products' | 'categories', ids: readonly string[]): Promise<void> {
  await withDatabase((db) =>
    db.execute(sql`
      update ${sql.identifier(table)} set created_at = now()
      where id in (select jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb))`),
  );
}

const seenAll = (ids: readonly string[]) => (items: { id: string }[]) => {
  const seen = new Set(items.map((item) => item.id));
  return ids.every((id) => seen.has(id));
};

const descending = (ids: readonly string[]) => [...ids].sort().reverse();

/** Our ids, in the order the list gave them, and whether they came one after another. */
function ours(items: readonly { id: string }[], ids: readonly string[]) {
  const positions = items.flatMap((item, index) => (ids.includes(item.id) ? [index] : []));
  const first = positions[0] ?? 0;
  return {
    order: positions.map((index) => items[index]?.id),
    contiguous: positions.every((position, offset) => position === first + offset),
  };
}

describe('admin API: listing products', { timeout: 120_000 }, () => {
  it('walks every product once, newest first, ties (equal creation instants) broken by id across page boundaries', async () => {
    const statuses = ['draft', 'active', 'archived', 'draft', 'active', 'archived', 'draft'] as const;
    const created = await inTurn(statuses, (status) => createAdminProduct({ status }));
    const ids = created.map((product) => product.id);
    await createdTogether('products', ids);

    const { items, statements } = await walk<AdminProductView>('/v1/admin/products?limit=3', seenAll(ids));

    expect(new Set(items.map((item) => item.id)).size).toBe(items.length);
    const { order, contiguous } = ours(items, ids);
    expect(order).toEqual(descending(ids));
    expect(contiguous).toBe(true);
    expect(statements.every((count) => count === 1)).toBe(true);
    const instants = items.map((item) => item.createdAt);
    expect(instants).toEqual([...instants].sort().reverse());
  });

  it('lists each product exactly as its admin GET answers it', async () => {
    const product = await createAdminProduct({
      options: [{ name: 'size', values: ['S', 'M'] }],
      variants: [
        { sku: `LIST-${Date.now()}-S`, options: { size: 'S' } },
        { sku: `LIST-${Date.now()}-M`, options: { size: 'M' } },
      ],
      media: [{ url: 'https://cdn.example.com/list.jpg', alt: 'Front' }],
    });

    const { items } = await walk<AdminProductView>('/v1/admin/products?limit=100', seenAll([product.id]));

    const read = await adminRequest('GET', `/v1/admin/products/${product.id}`);
    expect(items.find((item) => item.id === product.id)).toEqual(await read.json());
  });

  it('filters by one status or several (status repeated), and walks the filtered list', async () => {
    const [draft, active, archived] = await inTurn(['draft', 'active', 'archived'], (status) =>
      createAdminProduct({ status }),
    );
    const ids = [draft, active, archived].map((product) => product?.id ?? '');

    const onlyArchived = await walk<AdminProductView>(
      '/v1/admin/products?status=archived&limit=2',
      seenAll([archived?.id ?? '']),
    );
    const draftOrActive = await walk<AdminProductView>(
      '/v1/admin/products?status=draft&status=active&limit=100',
      seenAll([draft?.id ?? '', active?.id ?? '']),
    );

    expect(onlyArchived.items.every((item) => item.status === 'archived')).toBe(true);
    expect(draftOrActive.items.every((item) => item.status === 'draft' || item.status === 'active')).toBe(
      true,
    );
    expect(ours(onlyArchived.items, ids).order).toEqual([archived?.id]);
    expect(ours(draftOrActive.items, ids).order.sort()).toEqual([draft?.id, active?.id].sort());
  });

  it('costs one SQL statement per page whatever its size, and is never cached', async () => {
    await createAdminProduct();
    for (const limit of [1, 100]) {
      const response = await adminRequest('GET', `/v1/admin/products?limit=${limit}`);
      expect(response.status).toBe(200);
      expect(statementCount(response)).toBe(1);
      expect(response.headers.get('Cache-Control')).toBe('private, no-store');
      const page = await response.json<AdminPage<AdminProductView>>();
      expect(page.data.length).toBeLessThanOrEqual(limit);
      expect(page.data.length).toBeGreaterThan(0);
    }
  });

  it('pages 20 products by default', async () => {
    await inTurn(Array.from({ length: 21 }), () => createAdminProduct());
    const page = await (await adminRequest('GET', '/v1/admin/products')).json<AdminPage<AdminProductView>>();
    expect(page.data).toHaveLength(20);
    expect(page.nextCursor).toEqual(expect.any(String));
  });
});

describe('admin API: listing categories', { timeout: 120_000 }, () => {
  it('walks the whole flat list to a last page with nextCursor null: every category once, ties broken by id', async () => {
    const parent = await createAdminCategory();
    const children = await inTurn([1, 2, 3, 4], () => createAdminCategory({ parentId: parent.id }));
    const ids = [parent, ...children].map((category) => category.id);
    await createdTogether('categories', ids);
    const existing = await withDatabase(async (db) => {
      const { rows } = await db.execute<{ id: string }>(sql`select id from categories`);
      return rows.map((row) => row.id);
    });

    const small = await walk<AdminCategoryView>('/v1/admin/categories?limit=2', seenAll(ids));
    const whole = await walk<AdminCategoryView>('/v1/admin/categories?limit=100', () => false);

    expect(ours(small.items, ids)).toEqual({ order: descending(ids), contiguous: true });
    expect(whole.lastCursor).toBeNull();
    const listed = whole.items.map((item) => item.id);
    expect(new Set(listed).size).toBe(listed.length);
    expect(listed).toEqual(expect.arrayContaining(existing));
    expect(ours(whole.items, ids)).toEqual({ order: descending(ids), contiguous: true });
    expect([...small.statements, ...whole.statements].every((count) => count === 1)).toBe(true);
    expect(whole.items.find((item) => item.id === children[0]?.id)).toMatchObject({
      parentId: parent.id,
      path: `${parent.path}/${children[0]?.handle}`,
    });
  });
});

describe('admin API: bad list requests', { timeout: 60_000 }, () => {
  it.each([
    ['0', 'limit=0'],
    ['101', 'limit=101'],
    ['not a number', 'limit=ten'],
    ['given twice', 'limit=5&limit=6'],
  ])('refuses a limit of %s with 400 naming limit', async (_case, query) => {
    for (const list of ['products', 'categories']) {
      const response = await adminRequest('GET', `/v1/admin/${list}?${query}`);
      const problem = await expectProblem(response, 400, 'validation_failed');
      expect(problem.errors?.map((error) => error.path)).toEqual(['limit']);
      expect(response.headers.get('Cache-Control')).toBe('private, no-store');
    }
  });

  it('refuses unknown parameters with 400, naming each', async () => {
    const products = await expectProblem(
      await adminRequest('GET', '/v1/admin/products?q=shirt&sort=newest'),
      400,
      'validation_failed',
    );
    const categories = await expectProblem(
      await adminRequest('GET', '/v1/admin/categories?status=draft'),
      400,
      'validation_failed',
    );

    expect(products.errors?.map((error) => error.path)).toEqual(['q', 'sort']);
    expect(products.errors?.[0]?.message).toMatch(/expected one of status, limit, cursor/);
    expect(categories.errors?.map((error) => error.path)).toEqual(['status']);
  });

  it.each([
    ['an unknown status', 'status=live'],
    ['statuses joined by a comma', 'status=draft,active'],
    ['an empty status', 'status='],
  ])('refuses %s with 400 naming status', async (_case, query) => {
    const problem = await expectProblem(
      await adminRequest('GET', `/v1/admin/products?${query}`),
      400,
      'validation_failed',
    );
    expect(problem.errors?.map((error) => error.path)).toEqual(['status[0]']);
  });

  it('refuses a cursor this API did not issue with 400 invalid_cursor', async () => {
    for (const cursor of ['garbage', 'eyJxIjoxfQ', 'x'.repeat(600)]) {
      const response = await adminRequest('GET', `/v1/admin/products?cursor=${cursor}`);
      const code = cursor.length > 512 ? 'validation_failed' : 'invalid_cursor';
      await expectProblem(response, 400, code);
    }
    await expectProblem(
      await adminRequest('GET', '/v1/admin/categories?cursor=garbage'),
      400,
      'invalid_cursor',
    );
  });

  it('refuses a cursor of another list or other statuses with 400 cursor_mismatch', async () => {
    await inTurn(['draft', 'draft'], (status) => createAdminProduct({ status }));
    await inTurn([1, 2], () => createAdminCategory());
    const drafts = await (await adminRequest('GET', '/v1/admin/products?status=draft&limit=1')).json<
      AdminPage<AdminProductView>
    >();
    const categories = await (await adminRequest('GET', '/v1/admin/categories?limit=1')).json<
      AdminPage<AdminCategoryView>
    >();
    const draftCursor = encodeURIComponent(drafts.nextCursor ?? '');
    const categoryCursor = encodeURIComponent(categories.nextCursor ?? '');

    for (const path of [
      `/v1/admin/products?status=active&cursor=${draftCursor}`,
      `/v1/admin/products?cursor=${draftCursor}`,
      `/v1/admin/categories?cursor=${draftCursor}`,
      `/v1/admin/products?status=draft&cursor=${categoryCursor}`,
    ]) {
      await expectProblem(await adminRequest('GET', path), 400, 'cursor_mismatch');
    }
    const sameList = await adminRequest(
      'GET',
      `/v1/admin/products?status=draft&limit=5&cursor=${draftCursor}`,
    );
    expect(sameList.status).toBe(200);
  });
});
