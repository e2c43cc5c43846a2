import { z } from '@hono/zod-openapi';
import { ApiError } from '../../errors/problem';
import { Text } from '../../input/text';

// Product handles: the database allows `^[\w-]{1,200}$`, and its `\w` takes letters of any
// script, so the API does too ("café-au-lait", "футболка"). Compared in Unicode NFC, the form
// writers store and browsers send; a handle that could not exist (punctuation, emoji, too long)
// is a 404 without a query, as for any product that does not exist.
const PRODUCT_HANDLE = /^[\p{L}\p{N}_-]{1,200}$/u;
const LISTING_HANDLE = /^[\p{L}\p{N}_-]{1,100}$/u;

export const handleParam = (example: string) =>
  z.object({
    handle: Text({ max: 200 }).openapi({
      param: { name: 'handle', in: 'path' },
      example,
      description: 'Letters, digits, `_` and `-`.',
    }),
  });

/** The handle in NFC, or a 404 naming it when no such handle can exist. */
export function productHandle(raw: string, noun: string): string {
  return checkedHandle(raw, PRODUCT_HANDLE, noun);
}

export function collectionHandle(raw: string): string {
  return checkedHandle(raw, LISTING_HANDLE, 'collection');
}

function checkedHandle(raw: string, pattern: RegExp, noun: string): string {
  const handle = raw.normalize('NFC');
  if (!pattern.test(handle)) throw notFound(noun, raw);
  return handle;
}

export function notFound(noun: string, handle: string): ApiError {
  return new ApiError('not_found', `No ${noun} has the handle ${JSON.stringify(handle.slice(0, 200))}.`);
}
