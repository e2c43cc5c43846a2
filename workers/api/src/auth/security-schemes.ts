import { SCOPES, type Scope } from '@edge-commerce/domain';

const SCOPE_DESCRIPTIONS: Record<Scope, string> = {
  'catalog:read': 'Read the catalog as operators see it.',
  'pim:write': 'Write products and prices as the PIM.',
  'wms:write': 'Report stock levels as the warehouse.',
  'crm:read': 'Read customers and their orders as the CRM.',
  'crm:write': 'Write customer profiles as the CRM.',
  'orders:read': 'Read orders.',
  'orders:write': 'Change orders.',
  admin: 'Everything, every other scope included.',
};

import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../env';

/** Describes the QStash delivery scheme `partnerAccess` admits besides a key; safe to call more than once. */
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
}

/** The API key scheme every scope-guarded route names, with the scope it needs. */
export function registerApiKeySecurityScheme(app: OpenAPIHono<AppEnv>): void {
  app.openAPIRegistry.registerComponent('securitySchemes', 'apiKey', {
    type: 'http',
    scheme: 'bearer',
    description:
      'An API key, `Authorization: Bearer sk_live_…` (`sk_test_…` outside production), carrying the scope ' +
      `the operation names (\`admin\` carries every scope). Scopes: ${SCOPES.map((scope) => `\`${scope}\``).join(', ')}. ` +
      'Operators create, rotate and revoke keys with `/v1/admin/api-keys`; a key is shown once. An unknown, ' +
      'revoked or expired key gets 401, a key without the scope 403 naming it (`requiredScope`). Partner calls ' +
      'with a key must send an `Idempotency-Key`.',
  });
}

/** OAuth 2.0 client credentials (ADR 24), the alternative to a key wherever a scope is asked for. */
export function registerOAuthSecurityScheme(app: OpenAPIHono<AppEnv>): void {
  app.openAPIRegistry.registerComponent('securitySchemes', 'oauth2', {
    type: 'oauth2',
    description:
      'A token from `POST /v1/oauth/token` (client credentials: the API key’s id and the key itself), ' +
      '`Authorization: Bearer <access_token>`, carrying the scopes asked for. It opens what its key opens ' +
      'with those scopes, until it expires. An ES256 JWT issued and checked as RFC8725 (JSON Web Token Best ' +
      'Current Practices) asks; client credentials have no refresh token (RFC 6749 §4.4.3): ask again.',
    flows: {
      clientCredentials: {
        tokenUrl: '/v1/oauth/token',
        scopes: Object.fromEntries(SCOPES.map((scope) => [scope, SCOPE_DESCRIPTIONS[scope]])),
      },
    },
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

export function registerCustomerSecurityScheme(app: OpenAPIHono<AppEnv>): void {
  app.openAPIRegistry.registerComponent('securitySchemes', 'customerToken', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description:
      'A customer access token from `POST /v1/auth/login` (or a registration or refresh): an ES256 JWT, ' +
      '`Authorization: Bearer <accessToken>`, good for `expiresIn` seconds (15 minutes by default). Its ' +
      'keys are published at `/.well-known/jwks.json`. Without one 401; an expired, forged or revoked ' +
      'one 401 with `WWW-Authenticate: Bearer error="invalid_token"` (refresh it); an API key 403. ' +
      'Issued and checked as RFC8725 (JSON Web Token Best Current Practices) asks: one algorithm (ES256), ' +
      'explicit `typ` (at+jwt), exact issuer and audience, keys chosen by `kid` among published ones only.',
  });
}

/** Stripe's signed webhook deliveries (ADR 27). */
export function registerStripeSignatureScheme(app: OpenAPIHono<AppEnv>): void {
  app.openAPIRegistry.registerComponent('securitySchemes', 'stripeSignature', {
    type: 'apiKey',
    in: 'header',
    name: 'Stripe-Signature',
    description:
      'A webhook delivery from Stripe: `t=<unix seconds>,v1=<hex>`, the HMAC-SHA256 of `<t>.<raw body>` keyed ' +
      'with the signing secret (`whsec_…`) of our webhook endpoint, checked with the `stripe` SDK ' +
      '(`constructEventAsync`) on the exact bytes received before the body is parsed. A missing, ' +
      'malformed or forged signature, one made with another secret, or one whose timestamp is more than ' +
      '300 seconds old gets 400 `invalid_signature`; nothing is stored.',
  });
}
