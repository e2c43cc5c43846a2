import { apiKeys } from '@edge-commerce/db';
import { apiKeyMode, hashApiKey, isScope } from '@edge-commerce/domain';
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { publicAccess, requires } from '../auth/access';
import { PARTNER_AUDIENCE, signAccessToken, tokensConfigured } from '../auth/access-tokens';
import { apiKeyDirectory } from '../auth/api-key-directory';
import { keyModeOf } from '../auth/principal';
import type { AppEnv } from '../env';
import { ApiError } from '../errors/problem';
import { Integer } from '../openapi/bounded';
import { problemResponses } from '../openapi/problem-schema';
import { clientCredentials, invalidClient, oauthError } from './client-authentication';

const Field = (description: string) => z.string().max(200).optional().openapi({ description });

// Not strict: RFC 6749 §3.2 has the server ignore parameters it does not know.
const TokenRequest = z
  .object({
    grant_type: Field('`client_credentials`.'),
    scope: Field('Space-separated scopes, each one the key carries; absent: all of them.'),
    client_id: Field('client_secret_post: the API key’s id (`key_…`).'),
    client_secret: Field('client_secret_post: the API key itself.'),
  })
  .openapi('OAuthTokenRequest');

const TokenResponse = z
  .object({
    access_token: z.string().max(2_000),
    token_type: z.literal('Bearer'),
    expires_in: Integer(60, 3_600),
    scope: z.string().max(200),
  })
  .openapi('OAuthToken');

const route = createRoute({
  method: 'post',
  path: '/v1/oauth/token',
  operationId: 'issueOAuthToken',
  tags: ['Partners'],
  summary: 'OAuth 2.0 client credentials token',
  description: `For partner systems that prefer OAuth 2.0 (RFC 6749 §4.4): the client is an API key,
its \`client_id\` the key's id (\`key_…\`) and its \`client_secret\` the key itself, sent with
\`Authorization: Basic\` (client_secret_basic) or in the form (client_secret_post). The answer is a
short-lived ES256 JWT (\`expires_in\`, 15 minutes by default) carrying the scopes asked for (all of the
key's when \`scope\` is absent), sent as \`Authorization: Bearer\` like the key. A revoked or rotated
key's tokens work until they expire.

The body is \`application/x-www-form-urlencoded\`, and the answer's fields are snake_case, as the RFC
has them; errors are problem+json with the RFC's \`error\` and \`error_description\` too.

Errors: 400 \`invalid_request\`, \`unsupported_grant_type\`, \`invalid_scope\`; 401 \`invalid_client\`;
415 \`unsupported_media_type\`; 503 \`oauth_unavailable\`, \`database_unavailable\`.`,
  ...requires(publicAccess),
  request: {
    body: {
      required: true,
      content: {
        'application/x-www-form-urlencoded': {
          schema: TokenRequest,
          example: { grant_type: 'client_credentials', scope: 'pim:write' },
        },
      },
    },
  },
  responses: {
    200: {
      description: 'A token. Not to be cached (`Cache-Control: no-store`).',
      content: {
        'application/json': {
          schema: TokenResponse,
          example: {
            access_token: 'eyJhbGciOiJFUzI1NiJ9.e30.c2ln',
            token_type: 'Bearer',
            expires_in: 900,
            scope: 'pim:write',
          },
        },
      },
    },
    ...problemResponses(400, 401, 413, 415, 500, 503),
  },
});

export function registerOAuthToken(app: OpenAPIHono<AppEnv>): void {
  app.openapi(
    route,
    async (c) => {
      const config = c.get('config');
      if (!tokensConfigured(config))
        throw new ApiError('oauth_unavailable', 'OAuth tokens are not available on this deployment.');
      const form = c.req.valid('form');
      const client = clientCredentials(c.req.header('Authorization'), form);
      if (form.grant_type === undefined) throw oauthError('invalid_request', 'grant_type is required.');
      if (form.grant_type !== 'client_credentials')
        throw oauthError('unsupported_grant_type', 'Only grant_type=client_credentials is supported.');

      // The secret is an API key of this deployment's mode, and the id names that very key.
      if (apiKeyMode(client.clientSecret) !== keyModeOf(config))
        throw invalidClient('The client credentials are not valid.');
      const secretHash = await hashApiKey(client.clientSecret);
      const key = await apiKeyDirectory.find(secretHash, () =>
        apiKeys.findLiveApiKey(c.get('database')(), secretHash),
      );
      if (!key || key.id !== client.clientId) throw invalidClient('The client credentials are not valid.');

      const asked = form.scope === undefined ? key.scopes : form.scope.split(' ').filter(Boolean);
      const refused = asked.filter((scope) => !isScope(scope) || !key.scopes.includes(scope));
      if (refused.length > 0 || asked.length === 0)
        throw oauthError('invalid_scope', `This client may ask for: ${key.scopes.join(' ')}.`);
      const scope = [...new Set(asked)].join(' ');
      const expiresIn = config.OAUTH_ACCESS_TOKEN_TTL_SECONDS;
      const accessToken = await signAccessToken(config, {
        audience: PARTNER_AUDIENCE,
        subject: key.id,
        ttlSeconds: expiresIn,
        claims: { scope, holder: key.holder, client_id: key.id },
      });
      return c.json(
        { access_token: accessToken, token_type: 'Bearer' as const, expires_in: expiresIn, scope },
        200,
        {
          'Cache-Control': 'no-store',
          Pragma: 'no-cache',
        },
      );
    },
    // A parameter the form validator refuses (too long, repeated) is the RFC's invalid_request.
    (result) => {
      if (!result.success)
        throw oauthError('invalid_request', 'Each parameter once, as text of at most 200 characters.');
      return undefined;
    },
  );
}
