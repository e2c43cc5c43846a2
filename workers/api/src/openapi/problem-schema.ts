import { z } from '@hono/zod-openapi';
import { ErrorCode, errorCodes } from '../errors/codes';
import { MAX_FIELD_ERRORS, problemType } from '../errors/problem';
import { Integer } from './bounded';

export const FieldErrorSchema = z
  .object({
    path: z.string().max(1_000).openapi({ example: 'lines[0].quantity' }),
    message: z.string().max(1_000).openapi({ example: 'Too small: expected number to be >=1' }),
  })
  .openapi('FieldError');

export const ProblemSchema = z
  .object({
    type: z
      .string()
      .max(100)
      .openapi({ example: problemType('validation_failed') }),
    title: z.string().max(100).openapi({ example: ErrorCode.validation_failed.title }),
    status: Integer(400, 599).openapi({ example: 400 }),
    detail: z.string().max(1_000).openapi({ example: 'The query has 1 invalid field.' }),
    code: z.enum(errorCodes).openapi({ description: 'Stable, machine-readable error code.' }),
    requestId: z.string().max(200).openapi({ example: 'c0a8012e-5d1f-4b7a-9c36-0f6e2d1b9a10' }),
    errors: z
      .array(FieldErrorSchema)
      .max(MAX_FIELD_ERRORS)
      .optional()
      .openapi({ description: 'Present on validation errors.' }),
  })
  .openapi('Problem', { description: 'An RFC 9457 problem details object.' });

type ProblemStatus = 400 | 401 | 402 | 403 | 404 | 405 | 409 | 412 | 413 | 415 | 422 | 429 | 500 | 503;

/** The error responses a route can give, in the shape `createRoute({ responses })` wants. */
export function problemResponses<const S extends ProblemStatus>(
  ...statuses: S[]
): Record<
  S,
  { description: string; content: { 'application/problem+json': { schema: typeof ProblemSchema } } }
> {
  const responses = {} as Record<
    S,
    { description: string; content: { 'application/problem+json': { schema: typeof ProblemSchema } } }
  >;
  for (const status of statuses) {
    const codes = errorCodes.filter((code) => ErrorCode[code].status === status);
    responses[status] = {
      description: `Problem: ${codes.map((code) => `\`${code}\``).join(', ')}`,
      content: { 'application/problem+json': { schema: ProblemSchema } },
    };
  }
  return responses;
}

/** Errors every route can answer whatever it does: the middleware's and the platform's. */
export const commonProblems = [400, 413, 415, 500] as const;
