import { storefront } from '@edge-commerce/db';
import type { Context } from 'hono';
import type { AppEnv } from '../../env';
import { decodeCursor, encodeCursor, queryFingerprint } from './cursor';
import { canonicalCriteria, type ProductListCriteria } from './product-list-request';
import { facets, productSummary } from './render';

export interface PageRequest {
  limit: number;
  cursor: string | undefined;
}

/** A page of a product list as the API renders it, for the product list and collections alike. */
export interface RenderedProductPage {
  page: storefront.ProductListPage;
  body: {
    data: ReturnType<typeof productSummary>[];
    nextCursor: string | null;
    totalCount: number | null;
    facets: ReturnType<typeof facets> | null;
  };
}

/**
 * Decodes the cursor against the criteria (400 before any query when it does not belong to
 * them) and returns the cache key and a loader for the page. The first page carries the total
 * and facets; later pages, whose result set is the same, skip that work.
 */
export async function preparePage(
  c: Context<AppEnv>,
  criteria: ProductListCriteria,
  order: storefront.ProductListOrder,
  page: PageRequest,
  scope: string,
): Promise<{ key: string; load: () => Promise<RenderedProductPage> }> {
  const canonical = `${scope}?${canonicalCriteria(criteria)}`;
  // Hashed only when a cursor is read or written: a cached first page needs neither.
  const fingerprint = () => queryFingerprint(canonical);
  const after =
    page.cursor === undefined
      ? undefined
      : decodeCursor(page.cursor, await fingerprint(), order === 'newest' ? 'instant' : 'integer', 'product');
  const withSummary = after === undefined && order !== 'collection';
  const key = `storefront:${canonical}&limit=${page.limit}${page.cursor ? `&cursor=${page.cursor}` : ''}`;

  const load = async (): Promise<RenderedProductPage> => {
    const result = await storefront.loadProductListPage(c.get('database')(), {
      currency: criteria.currency,
      search: criteria.search,
      categoryHandle: criteria.category,
      collectionHandle: criteria.collection,
      tags: criteria.tags,
      options: criteria.options,
      minPrice: criteria.minPrice,
      maxPrice: criteria.maxPrice,
      availableOnly: criteria.availableOnly,
      order,
      after,
      limit: page.limit,
      withSummary,
    });
    const items = result.items.slice(0, page.limit);
    const last = items.at(-1);
    const nextCursor =
      result.items.length > page.limit && last
        ? encodeCursor(await fingerprint(), { key: last.sortKey, id: last.id })
        : null;
    return {
      page: result,
      body: {
        data: items.map((item) => productSummary(item, criteria.currency)),
        nextCursor,
        totalCount: result.summary?.total ?? null,
        facets: result.summary ? facets(result.summary, criteria.currency) : null,
      },
    };
  };
  return { key, load };
}
