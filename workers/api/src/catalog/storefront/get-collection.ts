import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { publicAccess, requires } from '../../auth/access';
import type { AppEnv } from '../../env';
import { commonProblems, problemResponses } from '../../openapi/problem-schema';
import { serveCatalogRead } from './cached-read';
import { resolveCurrency } from './currency';
import { collectionHandle, handleParam, notFound } from './handle';
import { PricedPageQuery } from './pricing-query';
import { preparePage } from './product-page';
import { cacheHeaders, notModified, STOREFRONT_TAG } from './responses';
import { CollectionSchema } from './schemas';

const route = createRoute({
  method: 'get',
  path: '/v1/collections/{handle}',
  operationId: 'getCollection',
  tags: [STOREFRONT_TAG],
  summary: 'Get a collection with its products',
  description: `A collection and a page of its active products priced in the currency, in the merchandiser's order. Paginated like \`GET /v1/products\`: \`limit\` (1-100, default 20) and \`products.nextCursor\`. To filter or search within a collection, use \`GET /v1/products?collection=<handle>\`.

**Caching**: \`ETag\` (strong) and \`Cache-Control: public, max-age=60, stale-while-revalidate=300\`; \`If-None-Match\` → 304.

**Errors**: 404 \`not_found\` (no collection has the handle); 400 \`validation_failed\` (unknown parameter, \`limit\` out of range), \`invalid_cursor\`, \`cursor_mismatch\`, \`unsupported_currency\`, \`unknown_market\`; 503 \`database_unavailable\`.`,
  ...requires(publicAccess),
  request: { params: handleParam('summer-sale'), query: PricedPageQuery },
  responses: {
    200: {
      description: 'The collection and a page of its products.',
      headers: cacheHeaders,
      content: {
        'application/json': {
          schema: CollectionSchema,
          example: {
            id: 'col_01jd7x6q2n8v0c4r5s6t7u8v9w',
            handle: 'summer-sale',
            title: 'Summer sale',
            description: 'Light layers, lighter prices.',
            products: { data: [], nextCursor: null },
          },
        },
      },
    },
    304: notModified,
    ...problemResponses(...commonProblems, 404, 503),
  },
});

export function registerGetCollection(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    const handle = collectionHandle(c.req.valid('param').handle);
    const query = c.req.valid('query');
    const currency = await resolveCurrency(c, {
      currency: query.currency?.toUpperCase(),
      market: query.market,
    });
    const criteria = {
      currency,
      search: undefined,
      category: undefined,
      collection: handle,
      tags: [],
      options: [],
      minPrice: undefined,
      maxPrice: undefined,
      availableOnly: false,
      sort: 'newest' as const,
    };
    const { key, load } = await preparePage(
      c,
      criteria,
      'collection',
      { limit: Number(query.limit ?? 20), cursor: query.cursor },
      'collection',
    );
    return serveCatalogRead(c, key, async () => {
      const { page, body } = await load();
      if (!page.collection) throw notFound('collection', handle);
      return { ...page.collection, products: { data: body.data, nextCursor: body.nextCursor } };
    });
  });
}
