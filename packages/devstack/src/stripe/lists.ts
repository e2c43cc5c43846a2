import { parameterInvalid, resourceMissing } from './errors';
import type { Params } from './params';

export interface StripeList<T> {
  object: 'list';
  data: T[];
  has_more: boolean;
  url: string;
}

/**
 * One page of a Stripe list, newest first: `limit` (1-100, default 10), `starting_after` (the
 * page after that object, older ones) or `ending_before` (the page before it, newer ones).
 */
export function listPage<T extends { id: string }>(
  newestFirst: readonly T[],
  params: Params,
  url: string,
  kind: string,
): StripeList<T> {
  const limit = params.integer('limit') ?? 10;
  if (limit < 1 || limit > 100)
    throw parameterInvalid(
      'limit',
      'This value must be greater than or equal to 1 and less than or equal to 100.',
    );
  const after = params.string('starting_after');
  const before = params.string('ending_before');
  if (after && before)
    throw parameterInvalid(
      'ending_before',
      'You may only specify one of these parameters: starting_after, ending_before.',
    );
  const indexOf = (id: string, param: string) => {
    const index = newestFirst.findIndex((item) => item.id === id);
    if (index === -1) throw resourceMissing(kind, id, param, 400);
    return index;
  };
  if (before) {
    const end = indexOf(before, 'ending_before');
    const start = Math.max(0, end - limit);
    return { object: 'list', data: newestFirst.slice(start, end), has_more: start > 0, url };
  }
  const start = after ? indexOf(after, 'starting_after') + 1 : 0;
  const data = newestFirst.slice(start, start + limit);
  return { object: 'list', data, has_more: start + limit < newestFirst.length, url };
}

/** Stripe's `created` filter: a timestamp, or a hash of `gt`, `gte`, `lt`, `lte`. */
export function createdFilter(params: Params): (created: number) => boolean {
  if (!params.has('created')) return () => true;
  const exact = params.fields.created;
  if (typeof exact === 'string') {
    const at = params.integer('created');
    return (created) => created === at;
  }
  const range = params.hash('created')?.allowOnly(['gt', 'gte', 'lt', 'lte']);
  const gt = range?.integer('gt');
  const gte = range?.integer('gte');
  const lt = range?.integer('lt');
  const lte = range?.integer('lte');
  return (created) =>
    (gt === undefined || created > gt) &&
    (gte === undefined || created >= gte) &&
    (lt === undefined || created < lt) &&
    (lte === undefined || created <= lte);
}
