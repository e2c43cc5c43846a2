import { storefront } from '@edge-commerce/db';
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { publicAccess, requires } from '../../auth/access';
import type { AppEnv } from '../../env';
import { commonProblems, problemResponses } from '../../openapi/problem-schema';
import { serveCatalogRead } from './cached-read';
import { NoQuery } from './pricing-query';
import { cacheHeaders, notModified, STOREFRONT_TAG } from './responses';
import { type CategoryNode, CategoryTreeSchema } from './schemas';

const route = createRoute({
  method: 'get',
  path: '/v1/categories',
  operationId: 'listCategories',
  tags: [STOREFRONT_TAG],
  summary: 'Get the category tree',
  description: `Every category, as a tree: roots in \`data\`, each with its \`children\`, siblings in merchandised order. Filter products by a category with \`GET /v1/products?category=<handle>\` (its subtree included).

**Caching**: \`ETag\` (strong) and \`Cache-Control: public, max-age=60, stale-while-revalidate=300\`; \`If-None-Match\` → 304.

**Errors**: 400 \`validation_failed\` for any query parameter (there are none); 503 \`database_unavailable\`.`,
  ...requires(publicAccess),
  request: { query: NoQuery },
  responses: {
    200: {
      description: 'The category tree.',
      headers: cacheHeaders,
      content: {
        'application/json': {
          schema: CategoryTreeSchema,
          example: {
            data: [
              {
                id: 'cat_01jd7x6q2n8v0c4r5s6t7u8v9w',
                handle: 'apparel',
                name: 'Apparel',
                path: 'apparel',
                children: [
                  {
                    id: 'cat_01jd7x6q2n8v0c4r5s6t7u8v9x',
                    handle: 'shirts',
                    name: 'Shirts',
                    path: 'apparel/shirts',
                    children: [],
                  },
                ],
              },
            ],
          },
        },
      },
    },
    304: notModified,
    ...problemResponses(...commonProblems, 503),
  },
});

export function registerListCategories(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    c.req.valid('query');
    return serveCatalogRead(c, 'storefront:categories', async () => ({
      data: categoryTree(await storefront.loadCategories(c.get('database')())),
    }));
  });
}

/** Nests rows (already in sibling order) under their parents; orphans would become roots. */
export function categoryTree(rows: storefront.CategoryRow[]): CategoryNode[] {
  const nodes = new Map<string, CategoryNode>();
  for (const row of rows) {
    nodes.set(row.id, { id: row.id, handle: row.handle, name: row.name, path: row.path, children: [] });
  }
  const roots: CategoryNode[] = [];
  for (const row of rows) {
    const node = nodes.get(row.id);
    if (!node) continue;
    const parent = row.parentId === null ? undefined : nodes.get(row.parentId);
    (parent ? parent.children : roots).push(node);
  }
  return roots;
}
