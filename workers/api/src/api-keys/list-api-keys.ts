import { apiKeys } from '@edge-commerce/db';
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { adminAccess, requires } from '../auth/access';
import { PAGE_PARAMETERS, pageOf, pageParameters, pageRequest } from '../catalog/admin/list-page';
import { rejectUnknownParameters } from '../catalog/storefront/query-parameters';
import type { AppEnv } from '../env';
import { commonProblems, problemResponses } from '../openapi/problem-schema';
import { API_KEY_EXAMPLE, ApiKeyList } from './schemas';

const ApiKeyListQuery = z
  .object(pageParameters('API keys'))
  .catchall(z.unknown())
  .superRefine((query, context) => rejectUnknownParameters(query, [...PAGE_PARAMETERS], context, false));

const route = createRoute({
  method: 'get',
  path: '/v1/admin/api-keys',
  operationId: 'adminListApiKeys',
  tags: ['Admin'],
  summary: 'List API keys',
  description: `Every key, active, expired and revoked, newest first, a page at a time; never a secret
or its hash. \`limit\` (1-100, default 20) and the opaque \`nextCursor\` (\`null\` on the last page).

Errors: 400 \`validation_failed\`, \`invalid_cursor\`, \`cursor_mismatch\`; 401 \`unauthorized\`;
403 \`forbidden\`; 503 \`database_unavailable\`.`,
  ...requires(adminAccess),
  request: { query: ApiKeyListQuery },
  responses: {
    200: {
      description: 'A page of keys.',
      content: {
        'application/json': { schema: ApiKeyList, example: { data: [API_KEY_EXAMPLE], nextCursor: null } },
      },
    },
    ...problemResponses(...commonProblems, 401, 403, 503),
  },
});

export function registerListApiKeys(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    const page = await pageRequest('admin api keys', 'apiKey', c.req.valid('query'));
    const listed = await apiKeys.listApiKeys(c.get('database')(), {
      after: page.after,
      rows: page.limit + 1,
    });
    return c.json(pageOf(listed, page), 200);
  });
}
