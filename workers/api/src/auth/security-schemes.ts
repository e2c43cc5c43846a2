import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../env';

/**
 * Describes the partner schemes `partnerAccess` requires in the OpenAPI document; safe to call
 * more than once.
 */
export function registerPartnerSecuritySchemes(app: OpenAPIHono<AppEnv>): void {
  app.openAPIRegistry.registerComponent('securitySchemes', 'qstashSignature', {
    type: 'apiKey',
    in: 'header',
    name: 'Upstash-Signature',
    description:
      'A delivery from Upstash QStash: an HS256 JWT signed with our QStash signing key (current or ' +
      'next) whose `sub` is the exact request URL and whose `body` claim is the base64url SHA-256 ' +
      'of the raw body. Expired (5 minutes), forged, tampered or re-targeted deliveries get 401. ' +
      '`Upstash-Message-Id` identifies the message across retries; a signature is good for the one ' +
      'message id it first came with, and re-sent under another it gets 401.',
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'partnerApiKey', {
    type: 'http',
    scheme: 'bearer',
    description:
      'A partner API key, `Authorization: Bearer <key>`, carrying the scope the route names ' +
      '(e.g. `pim:write`). An unknown key gets 401, a key without the scope 403. Calls with a key ' +
      'must send an `Idempotency-Key`.',
  });
}

export function registerAdminSecurityScheme(app: OpenAPIHono<AppEnv>): void {
  app.openAPIRegistry.registerComponent('securitySchemes', 'adminApiKey', {
    type: 'http',
    scheme: 'bearer',
    description: 'The admin API key, `Authorization: Bearer <ADMIN_API_KEY>`.',
  });
}

export function registerCartSecurityScheme(app: OpenAPIHono<AppEnv>): void {
  app.openAPIRegistry.registerComponent('securitySchemes', 'cartToken', {
    type: 'apiKey',
    in: 'header',
    name: 'X-Cart-Token',
    description:
      'The token `POST /v1/carts` returned with the cart, once. Without it, or with another ' +
      "cart's token, a cart answers 404 as if it did not exist: its id alone opens nothing.",
  });
}
