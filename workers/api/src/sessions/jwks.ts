import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { publicAccess, requires } from '../auth/access';
import { publishedKeys } from '../auth/access-tokens';
import { customerAccountsAvailable } from '../auth/customer-accounts';
import type { AppEnv } from '../env';
import { problemResponses } from '../openapi/problem-schema';

const Jwk = z
  .object({
    kty: z.literal('EC'),
    crv: z.literal('P-256'),
    x: z.string().max(43),
    y: z.string().max(43),
    kid: z.string().max(64),
    alg: z.literal('ES256'),
    use: z.literal('sig'),
  })
  .openapi('Jwk');

const Jwks = z.object({ keys: z.array(Jwk).max(6) }).openapi('Jwks');

const route = createRoute({
  method: 'get',
  path: '/.well-known/jwks.json',
  operationId: 'getJwks',
  tags: ['Customers'],
  summary: 'Keys that sign access tokens',
  description: `The public keys (RFC 7517) access tokens (customers' and OAuth clients') are signed with, chosen by the
token's \`kid\`: the current one and those retired but still accepted. A service that verifies our
tokens itself caches this and fetches it again when it meets an unknown \`kid\`.

Errors: 503 \`customer_accounts_unavailable\`.`,
  ...requires(publicAccess, customerAccountsAvailable),
  responses: {
    200: {
      description: 'The key set. Cacheable for 5 minutes.',
      content: {
        'application/json': {
          schema: Jwks,
          example: {
            keys: [
              {
                kty: 'EC',
                crv: 'P-256',
                x: 'f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU',
                y: 'x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0',
                kid: '2026-12',
                alg: 'ES256',
                use: 'sig',
              },
            ],
          },
        },
      },
    },
    ...problemResponses(500, 503),
  },
});

export function registerJwks(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) =>
    c.json(
      (await publishedKeys(c.get('config'))) as z.infer<typeof Jwks>,
      200,
      // Short enough that a newly published key reaches verifiers before it signs anything.
      { 'Cache-Control': 'public, max-age=300' },
    ),
  );
}
