import { promotions } from '@edge-commerce/db';
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { adminAccess, requires } from '../../auth/access';
import { PAGE_PARAMETERS, pageOf, pageParameters, pageRequest } from '../../catalog/admin/list-page';
import { rejectUnknownParameters } from '../../catalog/storefront/query-parameters';
import type { AppEnv } from '../../env';
import { commonProblems, problemResponses } from '../../openapi/problem-schema';
import { AdminPromotionList, PROMOTION_EXAMPLE, PromotionCode } from './schemas';

const AdminPromotionListQuery = z
  .object({
    active: z
      .enum(['true', 'false'], { error: 'must be true or false' })
      .optional()
      .openapi({
        param: { name: 'active', in: 'query' },
        description: 'Only active (`true`) or deactivated (`false`) promotions. Absent: both.',
        example: 'true',
      }),
    code: PromotionCode.optional().openapi({
      param: { name: 'code', in: 'query' },
      description: 'Only the promotion with this code, in any case (`summer25` finds `SUMMER25`).',
      example: 'SUMMER25',
    }),
    ...pageParameters('Promotions'),
  })
  .catchall(z.unknown())
  .superRefine((query, context) =>
    rejectUnknownParameters(query, ['active', 'code', ...PAGE_PARAMETERS], context, false),
  );

const route = createRoute({
  method: 'get',
  path: '/v1/admin/promotions',
  operationId: 'adminListPromotions',
  tags: ['Admin'],
  summary: 'List promotions',
  description: `Every promotion (active and deactivated unless \`active\` narrows it), newest first (by
creation; equal instants in descending id order), a page at a time. Each item is the promotion as
\`GET /v1/admin/promotions/{promotionId}\` answers it. One SQL statement per page.

**Pages**: \`limit\` (1-100, default 20) and the opaque \`nextCursor\` (\`null\` on the last page),
passed back with the same \`active\` and \`code\`. Edits do not reorder the list, so a walk neither
repeats nor skips a promotion.

**Errors**: 400 \`validation_failed\` (unknown parameter, named in \`errors\`; \`active\` not true or
false; a malformed \`code\`; \`limit\` out of 1-100), \`invalid_cursor\`, \`cursor_mismatch\` (a
cursor of another list or other filters); 401 \`unauthorized\`; 503 \`database_unavailable\`.`,
  ...requires(adminAccess),
  request: { query: AdminPromotionListQuery },
  responses: {
    200: {
      description: 'A page of promotions.',
      content: {
        'application/json': {
          schema: AdminPromotionList,
          example: { data: [PROMOTION_EXAMPLE], nextCursor: null },
        },
      },
    },
    ...problemResponses(...commonProblems, 401, 503),
  },
});

export function registerListPromotions(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    const query = c.req.valid('query');
    const active = query.active === undefined ? undefined : query.active === 'true';
    // Codes are one whatever their case, so the cursor of `code=summer25` serves `code=SUMMER25`.
    const code = query.code?.toUpperCase();
    const page = await pageRequest(
      `admin promotions; active=${query.active ?? ''}; code=${code ?? ''}`,
      'promotion',
      query,
    );
    const listed = await promotions.listPromotions(c.get('database')(), {
      active,
      code,
      after: page.after,
      rows: page.limit + 1,
    });
    return c.json(pageOf(listed, page), 200);
  });
}
