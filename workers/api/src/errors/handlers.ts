import { catalogWrites, isDatabaseUnavailable, isDataException } from '@edge-commerce/db';
import type { Context, ErrorHandler, Hono, NotFoundHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ZodError } from 'zod';
import type { AppEnv } from '../env';
import { describeError, log } from '../log';
import { ApiError, type FieldError, problemResponse } from './problem';

/** Renders every thrown error as problem+json; the client never sees a stack trace. */
export const handleError: ErrorHandler<AppEnv> = (error, c) => {
  if (error instanceof ApiError) {
    const { headers, ...extensions } = error.extensions;
    return problemResponse(c, error.code, error.detail, { ...extensions, headers });
  }
  if (error instanceof HTTPException) return renderHttpException(error, c);
  // Whichever route met it, reads and writes alike (a write's transaction then never committed);
  // health answers its own 503, with the checks it reports.
  if (isDatabaseUnavailable(error)) {
    log('warn', 'database unreachable', { requestId: c.get('requestId'), error: describeError(error) });
    return problemResponse(c, 'database_unavailable', 'The database did not answer; try again shortly.', {
      headers: { 'Retry-After': '5' },
    });
  }
  // A backstop, not the boundary: the value reached Postgres, which refused it. The client gets
  // the 400 it should have had at validation; the log says which check is missing.
  if (isDataException(error)) {
    log('error', 'defect: a value passed input validation that Postgres refuses; check it at the boundary', {
      requestId: c.get('requestId'),
      method: c.req.method,
      path: c.req.path,
      // The SQLSTATE and Postgres's own words, not drizzle's wrapper: that one lists the
      // query's parameters, which may be personal data.
      sqlState: catalogWrites.sqlState(error),
      error: innermostMessage(error),
    });
    return problemResponse(
      c,
      'invalid_value',
      'A value of the request cannot be stored (for example a date out of range or a character the database refuses).',
    );
  }
  log('error', 'unhandled exception', {
    requestId: c.get('requestId'),
    error:
      error instanceof Error
        ? { name: error.name, message: error.message, stack: error.stack }
        : String(error),
  });
  return problemResponse(
    c,
    'internal_error',
    'Something went wrong on our side. Quote the request id if you contact support.',
  );
};

function innermostMessage(error: unknown): string {
  let current: unknown = error;
  while (current instanceof Error && current.cause !== undefined) current = current.cause;
  return current instanceof Error ? current.message : String(current);
}

// Hono's own middleware (validator, body limit) throws HTTPException; map the ones it throws.
function renderHttpException(error: HTTPException, c: Context<AppEnv>): Response {
  if (error.status === 400 && error.message.startsWith('Malformed JSON')) {
    return problemResponse(c, 'malformed_json', 'The request body could not be parsed as JSON.');
  }
  if (error.status === 400) {
    return problemResponse(c, 'validation_failed', error.message || 'The request is not valid.');
  }
  if (error.status === 413) return payloadTooLarge(c);
  // Any other status would need its own code in the vocabulary; until one is added it is ours.
  log('error', 'unmapped http exception', {
    requestId: c.get('requestId'),
    status: error.status,
    message: error.message,
  });
  return problemResponse(c, 'internal_error', 'Something went wrong on our side.');
}

export function payloadTooLarge(c: Context<AppEnv>): Response {
  const limit = c.get('config')?.MAX_BODY_BYTES;
  return problemResponse(
    c,
    'payload_too_large',
    limit ? `The request body exceeds the limit of ${limit} bytes.` : 'The request body is too large.',
  );
}

/** The `defaultHook` of every OpenAPI route: a failed zod validation becomes one 400 shape. */
export function validationHook(
  result: { success: true } | { success: false; error: ZodError; target: string },
  c: Context<AppEnv>,
): Response | undefined {
  if (result.success) return undefined;
  const errors = fieldErrors(result.error);
  return problemResponse(c, 'validation_failed', describe(result.target, errors), { errors });
}

function describe(target: string, errors: FieldError[]): string {
  const where = target === 'json' ? 'request body' : target === 'param' ? 'path' : target;
  return `The ${where} has ${errors.length} invalid field${errors.length === 1 ? '' : 's'}.`;
}

/** `['lines', 0, 'quantity']` → `lines[0].quantity`. */
export function fieldErrors(error: ZodError): FieldError[] {
  return error.issues.map((issue) => ({
    path: issue.path.reduce<string>(
      (path, key) =>
        typeof key === 'number' ? `${path}[${key}]` : path ? `${path}.${String(key)}` : String(key),
      '',
    ),
    // A record key that failed its own schema: zod says only "Invalid key in record"; say why.
    message:
      issue.code === 'invalid_key' && issue.issues[0] ? `key ${issue.issues[0].message}` : issue.message,
  }));
}

/**
 * Tells 404 from 405: a path that some route serves under another method answers 405 with
 * `Allow`, as RFC 9110 asks. Route patterns are compiled once per app, on the first miss.
 */
export function notFoundOrMethodNotAllowed(app: Hono<AppEnv>): NotFoundHandler<AppEnv> {
  let routes: { method: string; pattern: RegExp }[] | undefined;
  return (c) => {
    routes ??= app.routes
      .filter((route) => route.method !== 'ALL')
      .map((route) => ({ method: route.method, pattern: compilePath(route.path) }));
    const path = c.req.path;
    const allowed = new Set(routes.filter((route) => route.pattern.test(path)).map((r) => r.method));
    if (allowed.size > 0) {
      if (allowed.has('GET')) allowed.add('HEAD');
      const allow = [...allowed].sort().join(', ');
      return problemResponse(c, 'method_not_allowed', `${c.req.method} is not allowed here; use ${allow}.`, {
        headers: { Allow: allow },
      });
    }
    return problemResponse(c, 'not_found', `No route matches ${c.req.method} ${path}.`);
  };
}

// Hono path syntax: `:name`, `:name{regex}`, `*`. Everything else is literal.
function compilePath(path: string): RegExp {
  const source = path
    .split(/(:\w+(?:\{[^}]*\})?\??|\*)/)
    .map((part) => {
      if (part === '*') return '.*';
      const param = /^:\w+(?:\{([^}]*)\})?(\?)?$/.exec(part);
      if (param) return `(${param[1] ?? '[^/]+'})${param[2] ?? ''}`;
      return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('');
  return new RegExp(`^${source}/?$`);
}
