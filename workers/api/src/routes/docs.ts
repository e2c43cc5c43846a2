import type { OpenAPIHono } from '@hono/zod-openapi';
import { Scalar } from '@scalar/hono-api-reference';
import type { AppEnv } from '../env';
import { ErrorCode, errorCodes } from '../errors/codes';

const description = `Catalog, cart and checkout at the edge.

Conventions: money is \`{ amount, currency }\` in integer minor units; lists are
\`{ data, nextCursor }\`; every response carries \`X-Request-Id\`.

## Errors
Every error is \`application/problem+json\` (RFC 9457) with a stable \`code\`:

| code | status | meaning |
|---|---|---|
${errorCodes.map((code) => `| \`${code}\` | ${ErrorCode[code].status} | ${ErrorCode[code].title} |`).join('\n')}
`;

/** `GET /openapi.json` (OpenAPI 3.1, generated from the route definitions) and `GET /docs`. */
export function registerDocs(app: OpenAPIHono<AppEnv>, version: string): void {
  app.openAPIRegistry.registerComponent('securitySchemes', 'apiKey', {
    type: 'http',
    scheme: 'bearer',
    description: 'An API key (`sk_…`) or a partner OAuth token, sent as `Authorization: Bearer …`.',
  });
  app.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: { title: 'edge-commerce API', version, description },
    tags: [{ name: 'Operations', description: 'Health and metadata for operators.' }],
  });
  app.get('/docs', Scalar({ url: '/openapi.json', pageTitle: 'edge-commerce API reference' }));
}
