import { apiKeys } from '@edge-commerce/db';
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { adminAccess, requires } from '../auth/access';
import type { AppEnv } from '../env';
import { IdempotentWriteHeader } from '../idempotency/header';
import { idempotentWrites } from '../idempotency/idempotent-writes';
import { commonProblems, problemResponses } from '../openapi/problem-schema';
import { issueKey } from './issue-key';
import { API_KEY_EXAMPLE, ApiKeyCreate, ApiKeyWithSecret } from './schemas';

const route = createRoute({
  method: 'post',
  path: '/v1/admin/api-keys',
  operationId: 'adminCreateApiKey',
  tags: ['Admin'],
  summary: 'Create an API key',
  description: `Issues a key for a partner system or an operator, with the scopes it may use. The
answer carries the secret (\`key\`) **once**: only its SHA-256 is stored, so it cannot be shown
again (lost: rotate it). Keys are \`sk_live_…\` in production and \`sk_test_…\` elsewhere, and a key
opens only deployments of its own mode.

No \`Idempotency-Key\`: replaying the answer would mean keeping the secret. A retried create makes a
second key; revoke the one you did not keep.

Errors: 400 \`validation_failed\` (a holder not 1-63 lower-case letters, digits and \`-\`, an unknown
or repeated scope, no scope); 401 \`unauthorized\`; 403 \`forbidden\` (a key without \`admin\`);
503 \`database_unavailable\`.`,
  ...requires(adminAccess, idempotentWrites()),
  request: {
    headers: IdempotentWriteHeader,
    body: {
      required: true,
      content: {
        'application/json': {
          schema: ApiKeyCreate,
          example: { name: 'PIM sync', holder: 'acme-pim', scopes: ['pim:write'] },
        },
      },
    },
  },
  responses: {
    201: {
      description: 'Created; `Location` names the key. The only answer that shows its secret.',
      headers: {
        Location: { schema: { type: 'string', maxLength: 200 }, description: '/v1/admin/api-keys/{id}' },
      },
      content: {
        'application/json': {
          schema: ApiKeyWithSecret,
          example: { ...API_KEY_EXAMPLE, key: 'sk_live_Xq3T9mVb2Lr8Kd0Pw5Ny7Hc1Fj4Gs6Ae3Zu9Qo2Ti8' },
        },
      },
    },
    ...problemResponses(...commonProblems, 401, 403, 503),
  },
});

export function registerCreateApiKey(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    const input = c.req.valid('json');
    const issued = await issueKey(c);
    const db = c.get('database')();
    await apiKeys.insertApiKey(db, {
      ...issued,
      name: input.name,
      holder: input.holder,
      scopes: input.scopes,
    });
    const view = await apiKeys.readApiKey(db, issued.id);
    if (!view) throw new Error(`API key ${issued.id} vanished after its insert`);
    return c.json({ ...view, key: issued.secret }, 201, { Location: `/v1/admin/api-keys/${issued.id}` });
  });
}
