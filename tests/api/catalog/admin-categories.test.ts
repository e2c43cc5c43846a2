import { describe, expect, it } from 'vitest';
import { expectProblem } from '../problem-assertions';
import { eventsFor } from './catalog-rows';
import { adminRequest, uniqueSuffix, withDatabase } from './catalog-test-kit';

interface AdminCategory {
  id: string;
  handle: string;
  name: string;
  parentId: string | null;
  path: string;
  position: number;
}

async function createCategory(body: Record<string, unknown>): Promise<AdminCategory> {
  const response = await adminRequest('POST', '/v1/admin/categories', { body });
  expect(response.status, await response.clone().text()).toBe(201);
  return response.json<AdminCategory>();
}

const getCategory = async (id: string) =>
  (await adminRequest('GET', `/v1/admin/categories/${id}`)).json<AdminCategory>();

/** apparel-<run> / tops-<run> / shirts-<run> */
async function threeLevels(run = uniqueSuffix()) {
  const apparel = await createCategory({ handle: `apparel-${run}`, name: 'Apparel' });
  const tops = await createCategory({ handle: `tops-${run}`, name: 'Tops', parentHandle: apparel.handle });
  const shirts = await createCategory({ handle: `shirts-${run}`, name: 'Shirts', parentId: tops.id });
  return { run, apparel, tops, shirts };
}

describe('admin API: the category tree', { timeout: 30_000 }, () => {
  it('creates categories at the root and under a parent named by handle or id, with their paths', async () => {
    const { run, apparel, tops, shirts } = await threeLevels();

    expect(apparel).toMatchObject({ parentId: null, path: `apparel-${run}` });
    expect(tops).toMatchObject({ parentId: apparel.id, path: `apparel-${run}/tops-${run}` });
    expect(shirts).toMatchObject({ parentId: tops.id, path: `apparel-${run}/tops-${run}/shirts-${run}` });
    const events = await withDatabase((db) => eventsFor(db, [shirts.id]));
    expect(events).toEqual([
      expect.objectContaining({
        type: 'CategoryUpdated',
        aggregateType: 'category',
        data: expect.objectContaining({ change: 'created', path: shirts.path }),
      }),
    ]);
  });

  it('answers 201 with Location and replays a retried create', async () => {
    const idempotencyKey = `cat-${uniqueSuffix()}`;
    const body = { handle: `hats-${uniqueSuffix()}`, name: 'Hats' };
    const first = await adminRequest('POST', '/v1/admin/categories', { body, idempotencyKey });
    const retry = await adminRequest('POST', '/v1/admin/categories', { body, idempotencyKey });

    const created = await first.json<AdminCategory>();
    expect(first.headers.get('Location')).toBe(`/v1/admin/categories/${created.id}`);
    expect(retry.headers.get('Idempotent-Replayed')).toBe('true');
    expect(await retry.json()).toEqual(created);
  });

  it('moves a subtree under another parent, rewriting every path below it in one go', async () => {
    const { run, apparel, tops, shirts } = await threeLevels();
    const sale = await createCategory({ handle: `sale-${run}`, name: 'Sale' });

    const response = await adminRequest('PATCH', `/v1/admin/categories/${tops.id}`, {
      body: { parentHandle: sale.handle, name: 'Tops on sale' },
    });

    expect(await response.json()).toMatchObject({
      parentId: sale.id,
      path: `sale-${run}/tops-${run}`,
      name: 'Tops on sale',
    });
    expect((await getCategory(shirts.id)).path).toBe(`sale-${run}/tops-${run}/shirts-${run}`);
    expect((await getCategory(apparel.id)).path).toBe(`apparel-${run}`);
    const events = await withDatabase((db) => eventsFor(db, [tops.id]));
    expect(events.at(-1)?.data).toMatchObject({ change: 'updated', descendantsMoved: 1 });
  });

  it('renames a handle and moves a category to the root with parentId null', async () => {
    const { run, tops, shirts } = await threeLevels();

    await adminRequest('PATCH', `/v1/admin/categories/${tops.id}`, {
      body: { handle: `upper-${run}`, parentId: null },
    });

    expect(await getCategory(tops.id)).toMatchObject({
      handle: `upper-${run}`,
      parentId: null,
      path: `upper-${run}`,
    });
    expect((await getCategory(shirts.id)).path).toBe(`upper-${run}/shirts-${run}`);
  });

  it('treats "_" in a handle literally when rewriting paths below it', async () => {
    const run = uniqueSuffix();
    const underscored = await createCategory({ handle: `a_${run}`, name: 'Underscored' });
    const lookalike = await createCategory({ handle: `ax${run}`, name: 'Lookalike' });
    const child = await createCategory({ handle: `kid-${run}`, name: 'Kid', parentId: lookalike.id });

    await adminRequest('PATCH', `/v1/admin/categories/${underscored.id}`, { body: { handle: `b_${run}` } });

    expect((await getCategory(child.id)).path).toBe(`ax${run}/kid-${run}`);
  });

  it('refuses to move a category below itself or its own descendant, changing nothing', async () => {
    const { apparel, shirts } = await threeLevels();

    const underDescendant = await adminRequest('PATCH', `/v1/admin/categories/${apparel.id}`, {
      body: { parentId: shirts.id },
    });
    const underItself = await adminRequest('PATCH', `/v1/admin/categories/${apparel.id}`, {
      body: { parentHandle: apparel.handle },
    });

    const problem = await expectProblem(underDescendant, 422, 'rule_violated');
    expect(problem.errors).toEqual([{ path: 'parentId', message: `${shirts.path} is below the category` }]);
    const itself = await expectProblem(underItself, 422, 'rule_violated');
    expect(itself.errors?.[0]?.path).toBe('parentHandle');
    expect(await getCategory(apparel.id)).toMatchObject({ parentId: null, path: apparel.path });
  });

  it('refuses a taken handle with 409 on create and on rename', async () => {
    const { apparel, tops } = await threeLevels();
    await expectProblem(
      await adminRequest('POST', '/v1/admin/categories', { body: { handle: apparel.handle, name: 'Again' } }),
      409,
      'handle_taken',
    );
    await expectProblem(
      await adminRequest('PATCH', `/v1/admin/categories/${tops.id}`, { body: { handle: apparel.handle } }),
      409,
      'handle_taken',
    );
    expect((await getCategory(tops.id)).handle).toBe(tops.handle);
  });

  it('refuses an unknown parent with 422 on the field that named it, and both parent fields with 400', async () => {
    const run = uniqueSuffix();
    const byHandle = await adminRequest('POST', '/v1/admin/categories', {
      body: { handle: `orphan-${run}`, name: 'Orphan', parentHandle: `nowhere-${run}` },
    });
    const byId = await adminRequest('POST', '/v1/admin/categories', {
      body: { handle: `orphan2-${run}`, name: 'Orphan', parentId: 'cat_doesnotexist' },
    });
    const both = await adminRequest('POST', '/v1/admin/categories', {
      body: { handle: `orphan3-${run}`, name: 'Orphan', parentId: 'cat_x', parentHandle: 'x' },
    });

    expect((await expectProblem(byHandle, 422, 'rule_violated')).errors?.[0]?.path).toBe('parentHandle');
    expect((await expectProblem(byId, 422, 'rule_violated')).errors?.[0]?.path).toBe('parentId');
    expect((await expectProblem(both, 400, 'validation_failed')).errors?.[0]?.path).toBe('parentHandle');
  });

  it('answers 404 for a category that does not exist', async () => {
    await expectProblem(await adminRequest('GET', '/v1/admin/categories/cat_nothinghere'), 404, 'not_found');
    await expectProblem(
      await adminRequest('PATCH', '/v1/admin/categories/not-an-id', { body: { name: 'X' } }),
      404,
      'not_found',
    );
  });
});
