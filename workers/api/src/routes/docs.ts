import type { OpenAPIHono } from '@hono/zod-openapi';
import { html } from 'hono/html';
import { secureHeaders } from 'hono/secure-headers';
import { publicAccess } from '../auth/access';
import type { AppEnv } from '../env';
import { ErrorCode, errorCodes } from '../errors/codes';
import { ApiError } from '../errors/problem';
import { asyncApiDocument } from '../events/asyncapi';
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

/**
 * Where the reference UI's browser bundle is served: a Workers static asset that
 * packages/devstack/src/docs-ui copies out of `@scalar/api-reference` (ADR 13).
 */
export const DOCS_UI_SCRIPT_PATH = '/docs/assets/api-reference.js';

/** The AsyncAPI 3.0 document of the integration events partners receive (ADR 33). */
export const ASYNCAPI_PATH = '/asyncapi.json';

/**
 * The reference UI's settings. Everything that would reach another origin is off: Scalar's
 * web fonts (system fonts instead), its telemetry, its AI agent and MCP panels, and the
 * developer toolbar that links to its cloud. With no `proxyUrl`, the request panel sends
 * requests straight to this origin.
 */
const referenceConfiguration = {
  url: '/openapi.json',
  withDefaultFonts: false,
  telemetry: false,
  agent: { disabled: true },
  mcp: { disabled: true },
  showDeveloperTools: 'never',
  documentDownloadType: 'json',
} as const;

/**
 * `/docs` and its assets may run their own scripts and nothing else: no inline script (the page
 * has none: the UI reads its settings from a data attribute), no eval, nothing from another
 * origin, and requests (the request panel's included) only to this origin.
 *
 * Styles need 'unsafe-inline', and no nonce or hash can replace it: the bundle injects two
 * stylesheets at run time (only one of them takes a `csp-nonce`) and sets `style` attributes,
 * which no nonce covers; hashes would pin the exact CSS of one Scalar release. Styles cannot run
 * code, and no stylesheet, font or image can come from another origin.
 */
const docsHeaders = () =>
  secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'none'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:'],
      fontSrc: ["'self'"],
      connectSrc: ["'self'"],
      baseUri: ["'none'"],
      formAction: ["'none'"],
      frameAncestors: ["'none'"],
    },
    xFrameOptions: 'DENY',
    // The front door adds HSTS (in production) to every answer, this page's included.
    strictTransportSecurity: false,
  });

const referencePage = html`<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>edge-commerce API reference</title>
  </head>
  <body>
    <nav aria-label="Other documents" style="padding: 0.5rem 1rem; font-family: system-ui, sans-serif">
      <a href="${ASYNCAPI_PATH}">Integration events (AsyncAPI)</a>
    </nav>
    <script
      id="api-reference"
      type="application/json"
      data-configuration="${JSON.stringify(referenceConfiguration)}"
    ></script>
    <script src="${DOCS_UI_SCRIPT_PATH}"></script>
  </body>
</html>
`;

/**
 * `GET /openapi.json` (OpenAPI 3.1, generated from the route definitions), `GET /asyncapi.json`
 * (AsyncAPI 3.0, the integration events, generated from the domain's event schemas; not an
 * operation of the OpenAPI document) and `GET /docs`.
 */
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
      {
        name: 'Partners',
        description: 'OAuth 2.0 client credentials for partner systems that prefer a token to a key.',
      },
      {
        name: 'Customers',
        description:
          'Shoppers’ accounts and sessions: register, sign in, refresh, sign out, their own profile.',
      },
      { name: 'Operations', description: 'Health and metadata for operators.' },
    ],
  };
  // Generated once per app, on first request, when every route is registered; the front door's
  // headers and 429 are added to every operation (openapi/front-door-document.ts).
  let document: object | undefined;
  app.get('/openapi.json', publicAccess.middleware, (c) => {
    document ??= documentFrontDoor(app.getOpenAPI31Document(documentConfig));
    return c.json(document);
  });
  let asyncApi: object | undefined;
  app.get(ASYNCAPI_PATH, publicAccess.middleware, (c) => {
    asyncApi ??= asyncApiDocument(version);
    return c.json(asyncApi);
  });

  // Hono's `/docs/*` matches `/docs` itself too.
  app.use('/docs/*', docsHeaders());
  app.get('/docs', publicAccess.middleware, async (c) => c.html(await referencePage));
  // The bundle is a static asset (wrangler.toml [assets]); the Worker runs first so that it
  // answers with the headers above and the request id. Re-sent through the context because the
  // binding's headers are immutable. Conditional requests pass through: a 304 has no body.
  app.get('/docs/assets/*', publicAccess.middleware, async (c) => {
    const asset = await c.env.ASSETS.fetch(c.req.raw);
    if (asset.status === 404) throw new ApiError('not_found', `No asset at ${c.req.path}.`);
    return asset.body ? c.body(asset.body, asset) : c.body(null, asset);
  });
}
