import { storefront } from '@edge-commerce/db';
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { publicAccess, requires } from '../../auth/access';
import type { AppEnv } from '../../env';
import { commonProblems, problemResponses } from '../../openapi/problem-schema';
import { serveCatalogRead } from './cached-read';
import { resolveCurrency } from './currency';
import { handleParam, notFound, productHandle } from './handle';
import { PricingQuery } from './pricing-query';
import { productDetail } from './render';
import { cacheHeaders, notModified, STOREFRONT_TAG } from './responses';
import { ProductSchema } from './schemas';

const example = {
  id: 'prod_01jd7x6q2n8v0c4r5s6t7u8v9w',
  handle: 'relaxed-linen-shirt-42',
  title: 'Relaxed Linen Shirt',
  description: 'Washed linen, cut loose.',
  vendor: 'Northwind',
  tags: ['organic'],
  options: [
    { name: 'size', values: ['M', 'L'] },
    { name: 'colour', values: ['Navy'] },
  ],
  variants: [
    {
      id: 'var_01jd7x6q2n8v0c4r5s6t7u8v9w',
      sku: 'SHI-000042-00',
      title: 'M / Navy',
      options: { size: 'M', colour: 'Navy' },
      availableForSale: true,
      inventoryPolicy: 'deny',
      weightGrams: 240,
      price: { amount: 4999, currency: 'USD' },
      compareAtPrice: { amount: 6249, currency: 'USD' },
    },
  ],
  media: [
    {
      id: 'med_01jd7x6q2n8v0c4r5s6t7u8v9w',
      url: 'https://cdn.edge-commerce.example/products/relaxed-linen-shirt-42/1.jpg',
      alt: 'Relaxed Linen Shirt',
      variantId: null,
    },
  ],
  categories: [{ handle: 'shirts', name: 'Shirts', path: 'apparel/shirts' }],
  priceRange: { min: { amount: 4999, currency: 'USD' }, max: { amount: 4999, currency: 'USD' } },
  availableForSale: true,
  createdAt: '2026-11-20T09:30:00.000Z',
  updatedAt: '2026-11-21T16:02:11.000Z',
};

const route = createRoute({
  method: 'get',
  path: '/v1/products/{handle}',
  operationId: 'getProduct',
  tags: [STOREFRONT_TAG],
  summary: 'Get a product by handle',
  description: `An active product with its options, variants (each with its price in force now in the currency, or null where it has none there), media in display order and categories. Handles may hold letters of any script (\`café-au-lait\`), compared in Unicode NFC.

**Caching**: \`ETag\` (strong) and \`Cache-Control: public, max-age=60, stale-while-revalidate=300\`; \`If-None-Match\` → 304.

**Errors**: 404 \`not_found\` for a handle no active product has (drafts and archived products included, and handles that cannot exist); 400 \`validation_failed\` (unknown parameter, malformed currency), \`unsupported_currency\`, \`unknown_market\`; 503 \`database_unavailable\`.`,
  ...requires(publicAccess),
  request: { params: handleParam('relaxed-linen-shirt-42'), query: PricingQuery },
  responses: {
    200: {
      description: 'The product.',
      headers: cacheHeaders,
      content: { 'application/json': { schema: ProductSchema, example } },
    },
    304: notModified,
    ...problemResponses(...commonProblems, 404, 503),
  },
});

export function registerGetProduct(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    const handle = productHandle(c.req.valid('param').handle, 'product');
    const query = c.req.valid('query');
    const currency = await resolveCurrency(c, {
      currency: query.currency?.toUpperCase(),
      market: query.market,
    });
    const key = `storefront:product?${new URLSearchParams({ currency, handle })}`;
    return serveCatalogRead(c, key, async () => {
      const product = await storefront.loadProductDetail(c.get('database')(), handle, currency);
      if (!product) throw notFound('product', handle);
      return productDetail(product, currency);
    });
  });
}
