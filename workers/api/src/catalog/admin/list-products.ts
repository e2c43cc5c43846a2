import { adminLists } from '@edge-commerce/db';
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { adminAccess, requires } from '../../auth/access';
import type { AppEnv } from '../../env';
import { commonProblems, problemResponses } from '../../openapi/problem-schema';
import { rejectUnknownParameters } from '../storefront/query-parameters';
import { PAGE_PARAMETERS, pageOf, pageParameters, pageRequest } from './list-page';
import { AdminProductList } from './schemas';

const STATUSES = ['draft', 'active', 'archived'] as const;

const AdminProductListQuery = z
  .object({
    status: z
      .preprocess(
        (value) => (typeof value === 'string' ? [value] : value),
        z
          .array(z.enum(STATUSES, { error: 'must be draft, active or archived' }))
          .max(STATUSES.length, `may be given at most ${STATUSES.length} times`),
      )
      .optional()
      .openapi({
        param: { name: 'status', in: 'query', style: 'form', explode: true },
        description:
          'Only products with this status; repeat it for several (`status=draft&status=active`: either). ' +
          'Absent: every status.',
        example: ['draft'],
      }),
    ...pageParameters('Products'),
  })
  .catchall(z.unknown())
  .superRefine((query, context) =>
    rejectUnknownParameters(query, ['status', ...PAGE_PARAMETERS], context, false),
  );

const route = createRoute({
  method: 'get',
  path: '/v1/admin/products',
  operationId: 'adminListProducts',
  tags: ['Admin'],
  summary: 'List products, whatever their status',
  description: `Every product (draft, active and archived unless \`status\` narrows it), newest first (by
creation; equal instants in descending id order), a page at a time. Each item is the product as
\`GET /v1/admin/products/{productId}\` answers it, with its options, variants (with every price
window), media and categories. One SQL statement per page.

**Pages**: \`limit\` (1-100, default 20) and the opaque \`nextCursor\` (\`null\` on the last page),
passed back with the same \`status\` values. The order never changes under edits, so a walk
through the pages neither repeats nor skips a product; products created during the walk appear
before its first page and are not in it.

**Errors**: 400 \`validation_failed\` (unknown parameter, named in \`errors\`; \`status\` not one of
draft, active, archived; \`limit\` out of 1-100), \`invalid_cursor\` (not a cursor of this API),
\`cursor_mismatch\` (a cursor of another list or other \`status\` values); 401 \`unauthorized\`;
503 \`database_unavailable\`.`,
  ...requires(adminAccess),
  request: { query: AdminProductListQuery },
  responses: {
    200: {
      description: 'A page of products.',
      content: {
        'application/json': {
          schema: AdminProductList,
          example: {
            data: [
              {
                id: 'prod_01jd7x6q2n8v0c4r5s6t7u8v9w',
                handle: 'linen-shirt',
                title: 'Linen shirt',
                description: '',
                status: 'draft',
                vendor: 'Atelier Nord',
                tags: ['linen'],
                attributes: {},
                pimVersion: 0,
                options: [{ name: 'size', values: ['S'] }],
                variants: [
                  {
                    id: 'var_01jd7x6q2n8v0c4r5s6t7u8v9w',
                    productId: 'prod_01jd7x6q2n8v0c4r5s6t7u8v9w',
                    sku: 'LS-S',
                    title: 'S',
                    options: { size: 'S' },
                    weightGrams: null,
                    availableForSale: true,
                    inventoryPolicy: 'deny',
                    oversellLimit: 0,
                    lowStockThreshold: 0,
                    position: 0,
                    pimVersion: 0,
                    prices: [
                      {
                        id: 'price_01jd7x6q2n8v0c4r5s6t7u8v9w',
                        currency: 'EUR',
                        amount: 4900,
                        compareAtAmount: null,
                        startsAt: null,
                        endsAt: null,
                        pimVersion: 0,
                      },
                    ],
                  },
                ],
                media: [],
                categories: [
                  { id: 'cat_01jd7x6q2n8v0c4r5s6t7u8v9w', handle: 'shirts', path: 'apparel/shirts' },
                ],
                createdAt: '2026-11-22T10:00:00.123Z',
                updatedAt: '2026-11-22T10:05:00.000Z',
              },
            ],
            nextCursor:
              'eyJxIjoiOWI0YzFmMGEyZDNlNWY2NyIsImsiOiIyMDI2LTExLTIyVDEwOjAwOjAwLjEyMzQ1NloiLCJpIjoicHJvZF8wMWpkN3g2cTJuOHYwYzRyNXM2dDd1OHY5dyJ9',
          },
        },
      },
    },
    ...problemResponses(...commonProblems, 401, 503),
  },
});

export function registerListProducts(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    const query = c.req.valid('query');
    // Sorted and deduplicated: `status=draft&status=active` and its reverse are one list.
    const statuses = [...new Set(query.status ?? [])].sort();
    const page = await pageRequest(`admin products; status=${statuses.join(',')}`, 'product', query);
    const listed = await adminLists.listAdminProducts(c.get('database')(), {
      statuses,
      after: page.after,
      rows: page.limit + 1,
    });
    return c.json(pageOf(listed, page), 200);
  });
}
