import { adminLists } from '@edge-commerce/db';
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { adminAccess, requires } from '../../auth/access';
import type { AppEnv } from '../../env';
import { commonProblems, problemResponses } from '../../openapi/problem-schema';
import { rejectUnknownParameters } from '../storefront/query-parameters';
import { PAGE_PARAMETERS, pageOf, pageParameters, pageRequest } from './list-page';
import { AdminCategoryList } from './schemas';

const AdminCategoryListQuery = z
  .object(pageParameters('Categories'))
  .catchall(z.unknown())
  .superRefine((query, context) => rejectUnknownParameters(query, PAGE_PARAMETERS, context, false));

const route = createRoute({
  method: 'get',
  path: '/v1/admin/categories',
  operationId: 'adminListCategories',
  tags: ['Admin'],
  summary: 'List categories',
  description: `Every category as a flat list, newest first (by creation; equal instants in descending id
order), a page at a time; \`parentId\` and \`path\` place each in the tree (the storefront's
\`GET /v1/categories\` gives the tree itself). Each item is the category as
\`GET /v1/admin/categories/{categoryId}\` answers it. One SQL statement per page.

**Pages**: \`limit\` (1-100, default 20) and the opaque \`nextCursor\` (\`null\` on the last page).
Renames and moves do not reorder the list, so a walk neither repeats nor skips a category.

**Errors**: 400 \`validation_failed\` (unknown parameter, named in \`errors\`; \`limit\` out of
1-100), \`invalid_cursor\`, \`cursor_mismatch\` (a cursor of another list); 401 \`unauthorized\`;
503 \`database_unavailable\`.`,
  ...requires(adminAccess),
  request: { query: AdminCategoryListQuery },
  responses: {
    200: {
      description: 'A page of categories.',
      content: {
        'application/json': {
          schema: AdminCategoryList,
          example: {
            data: [
              {
                id: 'cat_01jd7x6q2n8v0c4r5s6t7u8v9x',
                handle: 'shirts',
                name: 'Shirts',
                parentId: 'cat_01jd7x6q2n8v0c4r5s6t7u8v9w',
                path: 'apparel/shirts',
                position: 0,
                createdAt: '2026-11-22T10:00:00.123Z',
                updatedAt: '2026-11-22T10:00:00.123Z',
              },
            ],
            nextCursor: null,
          },
        },
      },
    },
    ...problemResponses(...commonProblems, 401, 503),
  },
});

export function registerListCategories(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    const page = await pageRequest('admin categories', 'category', c.req.valid('query'));
    const listed = await adminLists.listAdminCategories(c.get('database')(), {
      after: page.after,
      rows: page.limit + 1,
    });
    return c.json(pageOf(listed, page), 200);
  });
}
