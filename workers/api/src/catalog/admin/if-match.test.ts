import { describe, expect, it } from 'vitest';
import { ApiError } from '../../errors/problem';
import { entityTagOf } from './entity-tag';
import { assertPrecondition, preconditionOf } from './if-match';

describe('preconditionOf (If-Match, RFC 9110 §13.1.1)', () => {
  it.each([
    [undefined, { kind: 'none' }],
    ['*', { kind: 'exists' }],
    [' * ', { kind: 'exists' }],
    ['"abc"', { kind: 'matches', strongTags: ['"abc"'] }],
    ['""', { kind: 'matches', strongTags: ['""'] }],
    ['"a", "b"', { kind: 'matches', strongTags: ['"a"', '"b"'] }],
    ['"a",W/"b" ,"c"', { kind: 'matches', strongTags: ['"a"', '"c"'] }],
    ['"a,b"', { kind: 'matches', strongTags: ['"a,b"'] }],
    [', "a" ,, "b",', { kind: 'matches', strongTags: ['"a"', '"b"'] }],
    ['W/"abc"', { kind: 'matches', strongTags: [] }],
  ])('reads %j', (header, precondition) => {
    expect(preconditionOf(header)).toEqual(precondition);
  });

  it.each([
    '',
    ' ',
    ',',
    'abc',
    '"abc',
    'abc"',
    'w/"abc"',
    '"a" "b"',
    '*, "a"',
    '"a", *',
    '"a\\"b"',
    '"tab\there"',
  ])('refuses %j as malformed', (header) => {
    expect(preconditionOf(header)).toBeUndefined();
  });
});

describe('assertPrecondition', () => {
  const representation = { id: 'prod_x', title: 'Linen shirt' };

  it('passes without a header and with *, reading nothing', async () => {
    const unread = () => Promise.reject(new Error('read although no tag is compared'));
    await expect(assertPrecondition({ kind: 'none' }, 'product', unread)).resolves.toBeUndefined();
    await expect(assertPrecondition({ kind: 'exists' }, 'product', unread)).resolves.toBeUndefined();
  });

  it('passes when any listed strong tag is the current ETag', async () => {
    const etag = await entityTagOf(representation);
    const precondition = preconditionOf(`"stale", ${etag}`) ?? { kind: 'none' };
    await expect(
      assertPrecondition(precondition, 'product', async () => representation),
    ).resolves.toBeUndefined();
  });

  it('fails with 412 precondition_failed for another tag, and for the current tag sent weak', async () => {
    const etag = await entityTagOf(representation);
    for (const header of ['"stale"', `W/${etag}`]) {
      const precondition = preconditionOf(header) ?? { kind: 'none' };
      const failure = await assertPrecondition(precondition, 'product', async () => representation).catch(
        (error: unknown) => error,
      );
      expect(failure).toBeInstanceOf(ApiError);
      expect((failure as ApiError).code).toBe('precondition_failed');
    }
  });

  it('derives the ETag from the exact body: any field changed changes it', async () => {
    const etag = await entityTagOf(representation);
    expect(etag).toMatch(/^"[A-Za-z0-9_-]{43}"$/);
    expect(await entityTagOf({ ...representation })).toBe(etag);
    expect(await entityTagOf({ ...representation, title: 'Linen shirt ' })).not.toBe(etag);
  });
});
