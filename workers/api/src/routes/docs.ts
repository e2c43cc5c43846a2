import type { OpenAPIHono } from '@hono/zod-openapi';
import { Scalar } from '@scalar/hono-api-reference';
import type { AppEnv } from '../env';
import { ErrorCode, errorCodes } from '../errors/codes';
import { documentFrontDoor } from '../openapi/front-door-document';

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
  const documentConfig = {
    openapi: '3.1.0',
    info: { title: 'edge-commerce API', version, description },
    tags: [
      {
        name: 'Storefront',
        description: 'The catalog as shoppers see it: public, cached, rate limited by address.',
      },
      { name: 'Admin', description: 'Operators’ catalog edits, behind the admin key.' },
      {
        name: 'PIM integration',
        description: 'Catalog changes pushed by the PIM: signed QStash deliveries or partner keys.',
      },
      { name: 'Operations', description: 'Health and metadata for operators.' },
    ],
  };
  // Generated once per app, on first request, when every route is registered; the front door's
  // headers and 429 are added to every operation (openapi/front-door-document.ts).
  let document: object | undefined;
  app.get('/openapi.json', (c) => {
    document ??= documentFrontDoor(app.getOpenAPI31Document(documentConfig));
    return c.json(document);
  });
  app.get('/docs', Scalar({ url: '/openapi.json', pageTitle: 'edge-commerce API reference' }));
}
