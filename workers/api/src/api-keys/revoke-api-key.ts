import { apiKeys } from '@edge-commerce/db';
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { adminAccess, requires } from '../auth/access';
import { API_KEY_TRUST_MS, apiKeyDirectory } from '../auth/api-key-directory';
import { assertIdShape, notFound } from '../catalog/admin/not-found';
import type { AppEnv } from '../env';
import { commonProblems, problemResponses } from '../openapi/problem-schema';
import { ApiKeyIdParam } from './schemas';

const route = createRoute({
  method: 'delete',
  path: '/v1/admin/api-keys/{keyId}',
  operationId: 'adminRevokeApiKey',
  tags: ['Admin'],
  summary: 'Revoke an API key',
  description: `Stops the key at once: the instance that answers refuses it from the next call, every
other within ${API_KEY_TRUST_MS / 1000} seconds (they trust a key they read that long). The key stays listed, \`revoked\`.
Revoking twice changes nothing.

Errors: 404 \`not_found\`; 401 \`unauthorized\`; 403 \`forbidden\`; 503 \`database_unavailable\`.`,
  ...requires(adminAccess),
  request: { params: ApiKeyIdParam },
  responses: {
    204: { description: 'Revoked.' },
    ...problemResponses(...commonProblems, 401, 403, 404, 503),
  },
});

export function registerRevokeApiKey(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    const { keyId } = c.req.valid('param');
    assertIdShape('apiKey', keyId);
    const revoked = await apiKeys.revokeApiKey(c.get('database')(), keyId);
    if (!revoked) throw notFound('apiKey', keyId);
    apiKeyDirectory.forget(revoked.secretHash);
    return c.body(null, 204);
  });
}
