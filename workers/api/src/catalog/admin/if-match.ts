import { z } from '@hono/zod-openapi';
import { ApiError } from '../../errors/problem';
import { entityTagOf } from './entity-tag';

/**
 * What an `If-Match` header asks of the resource a PATCH changes (RFC 9110 §13.1.1):
 * - `none`: no header; the change applies to whatever is there (last write wins, as before);
 * - `exists`: `*`; any current representation will do;
 * - `matches`: one of these strong tags must be the current ETag. Weak tags (`W/"…"`) never
 *   match, because `If-Match` compares strongly, so they are dropped here.
 */
export type Precondition =
  | { kind: 'none' }
  | { kind: 'exists' }
  | { kind: 'matches'; strongTags: readonly string[] };

// One list element: optional whitespace, an optional entity tag, optional whitespace, then a
// comma or the end. An opaque tag may itself hold commas, so the list cannot be split on them.
const LIST_ELEMENT = /[ \t]*(?:(W\/)?("[\x21\x23-\x7e\x80-\xff]*"))?[ \t]*(,|$)/y;

/** The precondition of an `If-Match` value; undefined when the value is not well formed. */
export function preconditionOf(header: string | undefined): Precondition | undefined {
  if (header === undefined) return { kind: 'none' };
  if (header.trim() === '*') return { kind: 'exists' };
  const strongTags: string[] = [];
  let tags = 0;
  for (let at = 0; at < header.length; ) {
    LIST_ELEMENT.lastIndex = at;
    const element = LIST_ELEMENT.exec(header);
    if (!element) return undefined;
    if (element[2] !== undefined) {
      tags++;
      if (element[1] === undefined) strongTags.push(element[2]);
    }
    if (element[3] === '') break;
    at = LIST_ELEMENT.lastIndex;
  }
  return tags === 0 ? undefined : { kind: 'matches', strongTags };
}

const IF_MATCH_FORMAT = 'must be * or a comma-separated list of entity tags such as "q1Yw3Z0c…"';

/** The `If-Match` request header of the admin PATCH routes. */
export const IfMatchHeader = z.object({
  'if-match': z
    .string()
    .max(4_096)
    .optional()
    .refine((value) => preconditionOf(value) !== undefined, IF_MATCH_FORMAT)
    .openapi({
      description:
        'Optional. The `ETag` of the representation this change is based on (from a GET or the previous ' +
        'PATCH): the change applies only if the resource still has it, else 412 `precondition_failed` and ' +
        'nothing changes. `*` matches any existing resource; weak tags (`W/"…"`) never match. Without it ' +
        'the change applies to whatever is current (last write wins).',
      example: '"q1Yw3Z0c2n8J4vQ7Xb5pTgK9dLhR6sWmE2uFyA0iNoc"',
    }),
});

/**
 * The precondition of a PATCH, from its `If-Match` as the route's header schema let it through.
 * Fails closed: a malformed value that somehow got here is refused, never read as "no header".
 */
export function preconditionOfRequest(header: string | undefined): Precondition {
  const precondition = preconditionOf(header);
  if (precondition) return precondition;
  throw new ApiError('validation_failed', 'The header has 1 invalid field.', {
    errors: [{ path: 'if-match', message: IF_MATCH_FORMAT }],
  });
}

/**
 * Throws 412 `precondition_failed` unless the resource's current representation satisfies the
 * precondition. Call it inside the writing transaction, after the lock every writer of the
 * resource takes and before changing anything: a concurrent writer then either committed before
 * (and `current` sees its change, so a stale tag fails) or waits for our commit and checks
 * against our result. `current` reads the representation as the GET renders it, only when a
 * tag must be compared. The resource is known to exist (a missing one was a 404 already).
 */
export async function assertPrecondition(
  precondition: Precondition,
  noun: string,
  current: () => Promise<unknown>,
): Promise<void> {
  if (precondition.kind !== 'matches') return;
  const etag = await entityTagOf(await current());
  if (precondition.strongTags.includes(etag)) return;
  throw new ApiError(
    'precondition_failed',
    `The ${noun} changed since the If-Match tag was read (its ETag is no longer any of them); nothing was changed. GET it again, reapply the change and send the new ETag.`,
  );
}
