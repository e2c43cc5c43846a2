import { beforeAll, describe, expect, it } from 'vitest';
import { expectProblem } from '../problem-assertions';
import { buildWorld, pricedVariant, storefrontGet, type World } from './storefront-fixtures';

// What the storefront answers when the thing asked for is not there for shoppers: problem bodies,
// never cached. (A database that is not there: database-unavailable.test.ts.)

let world: World;

beforeAll(async () => {
  world = await buildWorld([
    { key: 'live', title: 'Live Tee', variants: [pricedVariant({ size: 'M' }, 1999)] },
    { key: 'draft', title: 'Draft Tee', status: 'draft', variants: [pricedVariant({ size: 'M' }, 1999)] },
    {
      key: 'archived',
      title: 'Archived Tee',
      status: 'archived',
      variants: [pricedVariant({ size: 'M' }, 1999)],
    },
  ]);
});

describe('404 not_found', () => {
  it.each(['draft', 'archived'])('hides a %s product as if it did not exist', async (key) => {
    const response = await storefrontGet(`/v1/products/${world.handleOf(key)}`);
    const problem = await expectProblem(response, 404, 'not_found');
    expect(problem.detail).toContain(world.handleOf(key));
    expect(response.headers.get('Cache-Control')).toBe('no-store');
    expect(response.headers.get('ETag')).toBeNull();
  });

  it('answers an unknown handle', async () => {
    await expectProblem(
      await storefrontGet(`/v1/products/no-such-product-${world.suffix}`),
      404,
      'not_found',
    );
  });

  it('answers an unknown collection', async () => {
    const problem = await expectProblem(
      await storefrontGet(`/v1/collections/no-such-collection-${world.suffix}`),
      404,
      'not_found',
    );
    expect(problem.detail).toContain('collection');
  });

  it('lists neither drafts nor archived products, nor finds them by search', async () => {
    const response = await storefrontGet(`/v1/products?tag=${world.tag}&q=tee`);
    const body = (await response.json()) as { data: { handle: string }[]; totalCount: number };
    expect(body.data.map((product) => product.handle)).toEqual([world.handleOf('live')]);
    expect(body.totalCount).toBe(1);
  });

  it('keeps 405 for other methods', async () => {
    const response = await storefrontGet('/v1/products', { method: 'DELETE' });
    await expectProblem(response, 405, 'method_not_allowed');
    expect(response.headers.get('Allow')).toBe('GET, HEAD');
  });
});
