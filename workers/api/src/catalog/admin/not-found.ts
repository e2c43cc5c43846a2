import { type IdKind, isId } from '@edge-commerce/domain';
import { ApiError } from '../../errors/problem';

const NOUN: Partial<Record<IdKind, string>> = {
  product: 'product',
  variant: 'variant',
  category: 'category',
};

/** 404 for an id that names nothing, malformed ids included: both are "no such thing" to a client. */
export function notFound(kind: IdKind, id: string): ApiError {
  return new ApiError('not_found', `No ${NOUN[kind] ?? kind} has the id ${id.slice(0, 100)}.`);
}

/** Throws 404 unless `id` is shaped like an id of `kind`; saves a query for ids that cannot exist. */
export function assertIdShape(kind: IdKind, id: string): void {
  if (!isId(kind, id)) throw notFound(kind, id);
}
