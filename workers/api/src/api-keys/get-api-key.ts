import { apiKeys } from '@edge-commerce/db';
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { adminAccess, requires } from '../auth/access';
import { assertIdShape, notFound } from '../catalog/admin/not-found';
import type { AppEnv } from '../env';
import { commonProblems, problemResponses } from '../openapi/problem-schema';
import { API_KEY_EXAMPLE, ApiKey, ApiKeyIdParam } from './schemas';

const route = createRoute({
  method: 'get',
  path: '/v1/admin/api-keys/{keyId}',
  operationId: 'adminGetApiKey',
  tags: ['Admin'],
  summary: 'Get an API key',
  description:
    'The key without its secret: scopes, status, its successor once rotated, and when it was last used (to within a few minutes). Errors: 404 `not_found`; 401 `unauthorized`; 403 `forbidden`; 503 `database_unavailable`.',
  ...requires(adminAccess),
  request: { params: ApiKeyIdParam },
  responses: {
    200: {
      description: 'The key.',
      content: { 'application/json': { schema: ApiKey, example: API_KEY_EXAMPLE } },
    },
    ...problemResponses(...commonProblems, 401, 403, 404, 503),
  },
});

export function registerGetApiKey(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    const { keyId } = c.req.valid('param');
    assertIdShape('apiKey', keyId);
    const view = await apiKeys.readApiKey(c.get('database')(), keyId);
    if (!view) throw notFound('apiKey', keyId);
    return c.json(view, 200);
  });
}
