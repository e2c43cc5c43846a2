import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { ErrorCode } from './codes';

/** One field-level complaint of a validation error, `path` in JS notation (`lines[0].quantity`). */
export interface FieldError {
  path: string;
  message: string;
}

/** An RFC 9457 problem details body, with this API's `code` and `requestId` members. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ErrorCode;
  requestId: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

/** Field errors one problem lists at most (the first ones); `detail` says how many there were. */
export const MAX_FIELD_ERRORS = 100;

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** `type` is a URN rather than a URL: it names the problem without promising a page. */
export const problemType = (code: ErrorCode): string => `urn:edge-commerce:problem:${code}`;

/**
 * An error that the API means to show the client. Throw it from anywhere below a route; the
 * error handler renders it as problem+json. Anything else thrown becomes `internal_error`.
 */
export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    readonly code: ErrorCode,
    readonly detail: string,
    readonly extensions: { errors?: FieldError[]; headers?: Record<string, string> } & Record<
      string,
      unknown
    > = {},
  ) {
    super(detail);
  }
}

export function buildProblem(
  code: ErrorCode,
  detail: string,
  requestId: string,
  extensions: Record<string, unknown> = {},
): Problem {
  const { status, title } = ErrorCode[code];
  const problem: Problem = { type: problemType(code), title, status, detail, code, requestId, ...extensions };
  // A batch of 500 items can break thousands of rules; the first ones are enough to act on, and
  // the body stays within what /openapi.json promises. The detail still counts them all.
  if (problem.errors && problem.errors.length > MAX_FIELD_ERRORS) {
    problem.errors = problem.errors.slice(0, MAX_FIELD_ERRORS);
  }
  return problem;
}

/** Renders a problem as the response of `c`, with the request id the middleware assigned. */
export function problemResponse(
  c: Context,
  code: ErrorCode,
  detail: string,
  { headers, ...extensions }: { headers?: Record<string, string> } & Record<string, unknown> = {},
): Response {
  const requestId = c.get('requestId') ?? 'unknown';
  const body = buildProblem(code, detail, requestId, extensions);
  const response = c.json(body, body.status as ContentfulStatusCode, {
    'Content-Type': PROBLEM_CONTENT_TYPE,
    'Cache-Control': 'no-store',
    ...headers,
  });
  return response;
}
