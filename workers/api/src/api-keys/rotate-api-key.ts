import { apiKeys, catalogWrites } from '@edge-commerce/db';
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { adminAccess, requires } from '../auth/access';
import { apiKeyDirectory } from '../auth/api-key-directory';
import { assertIdShape, notFound } from '../catalog/admin/not-found';
import type { AppEnv } from '../env';
import { ApiError } from '../errors/problem';
import { IdempotentWriteHeader } from '../idempotency/header';
import { idempotentWrites } from '../idempotency/idempotent-writes';
import { commonProblems, problemResponses } from '../openapi/problem-schema';
import { issueKey } from './issue-key';
import { API_KEY_EXAMPLE, ApiKeyIdParam, ApiKeyRotate, ApiKeyWithSecret } from './schemas';

const route = createRoute({
  method: 'post',
  path: '/v1/admin/api-keys/{keyId}/rotate',
  operationId: 'adminRotateApiKey',
  tags: ['Admin'],
  summary: 'Rotate an API key',
  description: `Issues the key's successor (same name, holder and scopes) and answers it with its
secret, shown this once. The old key keeps working for \`gracePeriodSeconds\` (default a day, at
most 7; 0 stops it now), so the holder can deploy the new one first; its \`expiresAt\` says until
when. A key is rotated once: rotate its successor next time.

Errors: 400 \`validation_failed\`; 404 \`not_found\`; 409 \`key_already_rotated\` (names the
successor in \`successorId\`), \`key_not_live\` (revoked, or its grace has ended); 401
\`unauthorized\`; 403 \`forbidden\`; 503 \`database_unavailable\`.`,
  ...requires(adminAccess, idempotentWrites()),
  request: {
    headers: IdempotentWriteHeader,
    params: ApiKeyIdParam,
    body: {
      required: false,
      content: { 'application/json': { schema: ApiKeyRotate, example: { gracePeriodSeconds: 3600 } } },
    },
  },
  responses: {
    201: {
      description: 'The successor, with its secret; `Location` names it.',
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
    ...problemResponses(...commonProblems, 401, 403, 404, 409, 503),
  },
});

export function registerRotateApiKey(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    const { keyId } = c.req.valid('param');
    assertIdShape('apiKey', keyId);
    const { gracePeriodSeconds } = c.req.valid('json') ?? ApiKeyRotate.parse({});
    const issued = await issueKey(c);
    const db = c.get('database')();
    const outcome = await catalogWrites.transactionWithRetry(db, (tx) =>
      apiKeys.rotateApiKey(tx, keyId, issued, gracePeriodSeconds),
    );
    if (!('rotated' in outcome)) {
      switch (outcome.reason) {
        case 'not_found':
          throw notFound('apiKey', keyId);
        case 'already_rotated':
          throw new ApiError(
            'key_already_rotated',
            `The key ${keyId} was rotated already; rotate its successor.`,
            {
              successorId: outcome.successorId,
            },
          );
        default:
          throw new ApiError(
            'key_not_live',
            `The key ${keyId} is ${outcome.reason}; create a new key instead.`,
          );
      }
    }
    // This isolate stops trusting the old key's unbounded life at once (its grace is in its row now).
    apiKeyDirectory.forget(outcome.previousSecretHash);
    const view = await apiKeys.readApiKey(db, issued.id);
    if (!view) throw new Error(`API key ${issued.id} vanished after its rotation`);
    return c.json({ ...view, key: issued.secret }, 201, { Location: `/v1/admin/api-keys/${issued.id}` });
  });
}
