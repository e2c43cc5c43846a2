import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { publicAccess, requires } from '../../auth/access';
import type { AppEnv } from '../../env';
import { commonProblems, problemResponses } from '../../openapi/problem-schema';
import { serveCatalogRead } from './cached-read';
import { resolveCurrency } from './currency';
import { ProductListQuery, productListCriteria } from './product-list-request';
import { preparePage } from './product-page';
import { cacheHeaders, notModified, STOREFRONT_TAG } from './responses';
import { ProductListSchema } from './schemas';

const example = {
  data: [
    {
      id: 'prod_01jd7x6q2n8v0c4r5s6t7u8v9w',
      handle: 'relaxed-linen-shirt-42',
      title: 'Relaxed Linen Shirt',
      vendor: 'Northwind',
      tags: ['organic'],
      priceRange: { min: { amount: 4999, currency: 'USD' }, max: { amount: 5499, currency: 'USD' } },
      compareAtPriceRange: null,
      availableForSale: true,
      featuredImage: {
        url: 'https://cdn.edge-commerce.example/products/relaxed-linen-shirt-42/1.jpg',
        alt: 'Relaxed Linen Shirt',
      },
      createdAt: '2026-11-20T09:30:00.000Z',
    },
  ],
  nextCursor:
    'eyJxIjoiNGZhMWM5ZTBiMmQ3YTg2MyIsImsiOjE2MjMxMjUsImkiOiJwcm9kXzAxamQ3eDZxMm44djBjNHI1czZ0N3U4djl3In0',
  totalCount: 37,
  facets: {
    categories: [{ handle: 'shirts', name: 'Shirts', path: 'apparel/shirts', count: 37 }],
    options: [
      {
        name: 'size',
        values: [
          { value: 'M', count: 30 },
          { value: 'L', count: 28 },
        ],
      },
    ],
    priceBands: [
      { min: { amount: 2000, currency: 'USD' }, max: { amount: 4999, currency: 'USD' }, count: 12 },
      { min: { amount: 5000, currency: 'USD' }, max: { amount: 9999, currency: 'USD' }, count: 25 },
    ],
  },
};

const route = createRoute({
  method: 'get',
  path: '/v1/products',
  operationId: 'listProducts',
  tags: [STOREFRONT_TAG],
  summary: 'List, filter and search products',
  description: `Active products priced in the request's currency, a page at a time, with the total and facet counts of the whole result on the first page.

**Filters** combine with AND: \`category\` (and the categories below it), \`collection\`, \`tag\` (repeatable, all must match), \`minPrice\`/\`maxPrice\` (inclusive, minor units), \`available=true\`, and option filters:

\`option.<name>=<value>\`: a variant with that option value, e.g. \`option.size=M&option.colour=Navy\`. Repeat one name for alternatives (\`option.size=M&option.size=L\`: M or L). Names and values are exact, as the \`facets.options\` of a response list them. When a request names two or more variant conditions (options, price, availability), ONE variant must meet them all: \`option.size=M&option.colour=Navy&available=true\` finds products whose navy M is for sale.

**Search**: \`q\`, ranked by relevance (see the parameter); typo-tolerant.

**Pages**: \`limit\` (1-100, default 20) and the opaque \`nextCursor\`; pages never repeat or skip products, equal prices or dates included.

**Caching**: \`ETag\` (strong) and \`Cache-Control: public, max-age=60, stale-while-revalidate=300\`; \`If-None-Match\` → 304.

**Errors**: 400 \`validation_failed\` (unknown parameter, named in \`errors\`; malformed value; \`limit\` out of 1-100; \`q\` blank or over 200 characters; \`sort=relevance\` without \`q\`; \`minPrice\` above \`maxPrice\`), \`invalid_cursor\` (not a cursor of this API), \`cursor_mismatch\` (a cursor of another query), \`unsupported_currency\`, \`unknown_market\`; 503 \`database_unavailable\`.`,
  ...requires(publicAccess),
  request: { query: ProductListQuery },
  responses: {
    200: {
      description: 'A page of products.',
      headers: cacheHeaders,
      content: { 'application/json': { schema: ProductListSchema, example } },
    },
    304: notModified,
    ...problemResponses(...commonProblems, 503),
  },
});

export function registerListProducts(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    const query = c.req.valid('query');
    const currency = await resolveCurrency(c, {
      currency: query.currency?.toUpperCase(),
      market: query.market,
    });
    const criteria = productListCriteria(query, currency);
    const { key, load } = await preparePage(
      c,
      criteria,
      criteria.sort,
      { limit: Number(query.limit ?? 20), cursor: query.cursor },
      'products',
    );
    return serveCatalogRead(c, key, async () => (await load()).body);
  });
}
