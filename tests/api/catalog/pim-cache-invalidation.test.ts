import { describe, expect, it } from 'vitest';
import { configWith, directRedis } from './cache-kit';
import { adminRequest, postSigned, uniqueSuffix } from './catalog-test-kit';
import { productItem } from './pim-fixtures';

// The routes' catalog cache keys every entry by a version counter in Redis; a write that commits
// bumps it, so no read after the write is served an entry rendered before it. Other suites bump
// it too, so only "it moved" is asserted, never "it stayed".

// The Worker's own prefix: the suite's bindings give each run one (tests/setup/upstash-redis.ts).
async function catalogVersion(): Promise<number> {
  const raw = await directRedis().get<string>(`${configWith().CATALOG_CACHE_PREFIX}:version`);
  return Number(raw ?? Number.NaN);
}

describe('catalog writes invalidate the catalog cache after they commit', { timeout: 30_000 }, () => {
  it('a PIM product batch that changed something moves the catalog version', async () => {
    await postSigned('/v1/integrations/pim/products', {
      products: [productItem(`warm-${uniqueSuffix()}`, 1)],
    });
    const before = await catalogVersion();

    const response = await postSigned('/v1/integrations/pim/products', {
      products: [productItem(`inv-${uniqueSuffix()}`, 1)],
    });

    expect(response.status).toBe(200);
    expect(await catalogVersion()).toBeGreaterThan(before);
  });

  it('a PIM price update moves the catalog version', async () => {
    const item = productItem(`invp-${uniqueSuffix()}`, 1);
    await postSigned('/v1/integrations/pim/products', { products: [item] });
    const before = await catalogVersion();

    await postSigned('/v1/integrations/pim/prices', {
      prices: [{ sku: item.variants[0]?.sku, currency: 'EUR', amount: 1200, version: 1 }],
    });

    expect(await catalogVersion()).toBeGreaterThan(before);
  });

  it('an admin edit moves the catalog version', async () => {
    const created = await adminRequest('POST', '/v1/admin/products', {
      body: { handle: `inva-${uniqueSuffix()}`, title: 'Beanie' },
    });
    const { id } = await created.json<{ id: string }>();
    const before = await catalogVersion();

    await adminRequest('PATCH', `/v1/admin/products/${id}`, { body: { status: 'active' } });

    expect(await catalogVersion()).toBeGreaterThan(before);
  });
});
