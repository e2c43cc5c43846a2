import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { MAX_CATEGORY_DEPTH } from '../../../workers/api/src/catalog/write/category-limits';
import { MAX_PRICE_WINDOWS_PER_VARIANT } from '../../../workers/api/src/catalog/write/price-rules';
import { expectProblem } from '../problem-assertions';
import { type AdminCategoryView, adminPatch, createAdminCategory, inTurn } from './admin-kit';
import { adminRequest, postSigned, uniqueSuffix, withDatabase } from './catalog-test-kit';
import { productItem } from './pim-fixtures';

// The bounds /openapi.json promises on what the API answers are kept where the data is written:
// a category tree of bounded depth (so paths are bounded) and price lists of bounded length.

/** A chain of `depth` categories, each below the one before; the deepest last. */
async function categoryChain(depth: number): Promise<AdminCategoryView[]> {
  const chain: AdminCategoryView[] = [];
  await inTurn(
    Array.from({ length: depth }, (_, level) => level),
    async () => {
      const parent = chain.at(-1);
      chain.push(await createAdminCategory(parent ? { parentId: parent.id } : {}));
    },
  );
  return chain;
}

describe('category depth', () => {
  it(`nests categories ${MAX_CATEGORY_DEPTH} levels deep and refuses one more, writing nothing`, async () => {
    const chain = await categoryChain(MAX_CATEGORY_DEPTH);
    expect(chain.at(-1)?.path.split('/')).toHaveLength(MAX_CATEGORY_DEPTH);
    const handle = `deep-${uniqueSuffix()}`;
    const response = await adminRequest('POST', '/v1/admin/categories', {
      body: { handle, name: 'Too deep', parentId: chain.at(-1)?.id },
    });
    const problem = await expectProblem(response, 422, 'rule_violated');
    expect(problem.errors?.[0]?.path).toBe('parentId');
    const { rows } = await withDatabase((db) =>
      db.execute(sql`select 1 from categories where handle = ${handle}`),
    );
    expect(rows).toEqual([]);
  });

  it('refuses a move that would take the deepest category of a subtree past the limit', async () => {
    const deep = await categoryChain(MAX_CATEGORY_DEPTH - 1);
    const subtree = await categoryChain(2);
    const [subtreeRoot] = subtree;
    const moved = await adminPatch(`/v1/admin/categories/${subtreeRoot?.id}`, { parentId: deep.at(-1)?.id });
    const problem = await expectProblem(moved, 422, 'rule_violated');
    expect(problem.errors?.[0]?.message).toContain(`more than ${MAX_CATEGORY_DEPTH} levels deep`);

    // One level higher, the subtree's two levels fit exactly.
    const fits = await adminPatch(`/v1/admin/categories/${subtreeRoot?.id}`, { parentId: deep.at(-2)?.id });
    expect(fits.status, await fits.text()).toBe(200);
  });
});

describe('price windows per variant', () => {
  it(`refuses a PIM batch that would give a variant more than ${MAX_PRICE_WINDOWS_PER_VARIANT} windows, applying none`, async () => {
    const item = productItem(`windows-${uniqueSuffix()}`, 1);
    const sku = item.variants[0]?.sku ?? '';
    expect((await postSigned('/v1/integrations/pim/products', { products: [item] })).status).toBe(200);
    const day = 86_400_000;
    const windows = (count: number) =>
      Array.from({ length: count }, (_, index) => ({
        sku,
        currency: 'EUR',
        amount: 1_000 + index,
        startsAt: new Date(Date.UTC(2030, 0, 1) + index * day).toISOString(),
        endsAt: new Date(Date.UTC(2030, 0, 1) + (index + 1) * day).toISOString(),
        version: 1,
      }));

    const atTheLimit = await postSigned('/v1/integrations/pim/prices', {
      prices: windows(MAX_PRICE_WINDOWS_PER_VARIANT),
    });
    expect(atTheLimit.status, await atTheLimit.text()).toBe(200);

    const oneMore = await postSigned('/v1/integrations/pim/prices', {
      prices: windows(MAX_PRICE_WINDOWS_PER_VARIANT + 1),
    });
    const problem = await expectProblem(oneMore, 422, 'batch_rejected');
    // The first 200 are stale repeats; the one that adds a window is named.
    expect(problem.errors?.map((error) => error.path)).toEqual([`prices[${MAX_PRICE_WINDOWS_PER_VARIANT}]`]);
    const { rows } = await withDatabase((db) =>
      db.execute<{ windows: number }>(sql`
        select count(*)::int as windows from prices p join variants v on v.id = p.variant_id where v.sku = ${sku}`),
    );
    expect(rows[0]?.windows).toBe(MAX_PRICE_WINDOWS_PER_VARIANT);
  });
});
