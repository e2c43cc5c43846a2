// The fuzz suite's view of /openapi.json: every operation with its parameters, request body and
// security requirements, `$ref`s resolved. The document is the only input, so a route added
// tomorrow is fuzzed the day it is registered.

/** The parts of a JSON Schema (OpenAPI 3.1 dialect) the generator reads. */
export interface JsonSchema {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  example?: unknown;
  examples?: unknown[];
  default?: unknown;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
}

export type ParameterLocation = 'path' | 'query' | 'header' | 'cookie';

export interface OperationParameter {
  name: string;
  in: ParameterLocation;
  required: boolean;
  schema: JsonSchema;
  example?: unknown;
}

/** One alternative of an operation's `security`: scheme name → scopes. */
export type SecurityRequirement = Record<string, string[]>;

export interface Operation {
  /** Upper case, as a request sends it. */
  method: string;
  /** The document's path template, `/v1/admin/products/{productId}`. */
  template: string;
  /** `POST /v1/admin/products`: how failures name the operation. */
  label: string;
  parameters: OperationParameter[];
  body?: { required: boolean; schema: JsonSchema; example?: unknown; mediaTypes: string[] };
  /** Alternatives: any one admits the caller. Empty: public. */
  security: SecurityRequirement[];
  /** Documented response statuses (`'200'`, `'default'`). */
  responses: string[];
}

/** Whether a caller must present credentials: some requirement, and none of them empty. */
export const isSecured = (operation: Operation): boolean =>
  operation.security.length > 0 &&
  operation.security.every((requirement) => Object.keys(requirement).length > 0);

export interface OpenApiDocument {
  paths?: Record<string, Record<string, unknown>>;
  security?: SecurityRequirement[];
  components?: Record<string, Record<string, unknown>>;
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/**
 * Follows local `$ref`s (`#/components/...`) to the object they name. Refs are resolved when a
 * node is read, not up front, so recursive schemas (a category tree) cost nothing.
 */
export function resolverFor(document: OpenApiDocument): <T>(node: T) => T {
  return <T>(node: T): T => {
    let current: unknown = node;
    const seen = new Set<string>();
    while (typeof current === 'object' && current !== null && '$ref' in current) {
      const ref = (current as { $ref: unknown }).$ref;
      if (typeof ref !== 'string' || !ref.startsWith('#/'))
        throw new Error(`unsupported $ref ${String(ref)}`);
      if (seen.has(ref)) throw new Error(`$ref cycle at ${ref}`);
      seen.add(ref);
      current = ref
        .slice(2)
        .split('/')
        .map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'))
        .reduce<unknown>((parent, key) => {
          const child = (parent as Record<string, unknown> | undefined)?.[key];
          if (child === undefined) throw new Error(`$ref ${ref} names nothing in the document`);
          return child;
        }, document);
    }
    return current as T;
  };
}

/** Every operation of the document, in document order (route registration order). */
export function operationsOf(document: OpenApiDocument): Operation[] {
  const resolve = resolverFor(document);
  const operations: Operation[] = [];
  for (const [template, pathItem] of Object.entries(document.paths ?? {})) {
    const item = resolve(pathItem);
    const shared = (item.parameters ?? []) as unknown[];
    for (const method of METHODS) {
      const raw = item[method] as Record<string, unknown> | undefined;
      if (!raw) continue;
      const parameters = new Map<string, OperationParameter>();
      for (const node of [...shared, ...((raw.parameters ?? []) as unknown[])]) {
        const parameter = resolve(node) as Record<string, unknown>;
        const location = parameter.in as ParameterLocation;
        // Header names are case-insensitive; an operation's own parameter overrides the path's.
        const name = location === 'header' ? String(parameter.name).toLowerCase() : String(parameter.name);
        parameters.set(`${location}:${name}`, {
          name,
          in: location,
          required: parameter.required === true || location === 'path',
          schema: resolve((parameter.schema ?? {}) as JsonSchema),
          ...(parameter.example === undefined ? {} : { example: parameter.example }),
        });
      }
      const operation: Operation = {
        method: method.toUpperCase(),
        template,
        label: `${method.toUpperCase()} ${template}`,
        parameters: [...parameters.values()],
        security: (raw.security ?? document.security ?? []) as SecurityRequirement[],
        responses: Object.keys((raw.responses ?? {}) as object),
      };
      const body =
        raw.requestBody === undefined ? undefined : resolve(raw.requestBody as Record<string, unknown>);
      if (body) {
        const content = (body.content ?? {}) as Record<string, { schema?: JsonSchema; example?: unknown }>;
        const mediaTypes = Object.keys(content);
        const json = mediaTypes.find((type) => /^application\/([\w.-]+\+)?json$/i.test(type));
        const media = json === undefined ? undefined : content[json];
        if (!media?.schema && FORM_OPERATIONS[operation.label]) continue;
        if (!media?.schema) {
          throw new Error(
            `${operation.label}: the fuzz suite knows JSON request bodies only (${mediaTypes})`,
          );
        }
        operation.body = {
          required: body.required === true,
          schema: media.schema,
          ...(media.example === undefined ? {} : { example: media.example }),
          mediaTypes,
        };
      }
      operations.push(operation);
    }
  }
  return operations;
}

/**
 * Operations whose body is a form, not JSON, and the suite that walks their bad input instead:
 * the mutations here are JSON's. The OAuth token endpoint takes a form because RFC 6749 says so.
 */
export const FORM_OPERATIONS: Record<string, string> = {
  'POST /v1/oauth/token': 'tests/api/identity/oauth-client-credentials.test.ts',
};

interface RouteTable {
  routes: readonly { method: string; path: string }[];
}

/**
 * The API operations the app routes, as `METHOD /template` in the document's spelling: its own
 * route table without middleware (method ALL) and without what lives outside `/v1` (the
 * document itself and its viewer; every API route is versioned, API-CONVENTIONS).
 */
export function routedOperations(app: RouteTable): string[] {
  const routed = new Set<string>();
  for (const { method, path } of app.routes) {
    if (method === 'ALL' || !(path === '/v1' || path.startsWith('/v1/'))) continue;
    routed.add(`${method} ${path.replace(/:(\w+)(\{[^}]*\})?/g, '{$1}')}`);
  }
  return [...routed];
}
