import type { adminLists } from '@edge-commerce/db';
import type { IdKind } from '@edge-commerce/domain';
import { decodeCursor, encodeCursor, queryFingerprint } from '../storefront/cursor';
import { cursorParameter, limitParameter } from '../storefront/query-parameters';

// Admin lists page like the storefront's: `limit` 1-100 (default 20), an opaque keyset cursor
// bound to its list by the storefront's fingerprint, so a cursor of another list or of other
// filters is a 400 (`cursor_mismatch`) rather than a wrong page.

const DEFAULT_LIMIT = 20;

/** The `limit` and `cursor` query parameters of an admin list of `things`. */
export const pageParameters = (things: string) => ({
  limit: limitParameter.openapi({ description: `${things} per page, 1 to 100 (default 20).` }),
  cursor: cursorParameter,
});

export const PAGE_PARAMETERS = ['limit', 'cursor'] as const;

/** Which page a request asks for, of the list that `listIdentity` names with all its filters. */
export interface PageRequest {
  fingerprint: string;
  limit: number;
  after: adminLists.ListPosition | undefined;
}

export async function pageRequest(
  listIdentity: string,
  listed: IdKind,
  query: { limit?: string | undefined; cursor?: string | undefined },
): Promise<PageRequest> {
  const fingerprint = await queryFingerprint(listIdentity);
  const limit = query.limit === undefined ? DEFAULT_LIMIT : Number(query.limit);
  if (query.cursor === undefined) return { fingerprint, limit, after: undefined };
  const { key, id } = decodeCursor(query.cursor, fingerprint, 'instant', listed);
  return { fingerprint, limit, after: { createdAt: String(key), id } };
}

/** A page of an admin list, as the conventions shape every list. */
export interface AdminPage<T> {
  data: T[];
  nextCursor: string | null;
}

/**
 * The page of `listed` (read with one row more than the page shows): a next cursor only when
 * that extra row exists, so the last page says `null` instead of leading to an empty one.
 */
export function pageOf<T>(listed: readonly adminLists.Listed<T>[], request: PageRequest): AdminPage<T> {
  const shown = listed.slice(0, request.limit);
  const last = shown.at(-1);
  return {
    data: shown.map((row) => row.view),
    nextCursor:
      listed.length > request.limit && last
        ? encodeCursor(request.fingerprint, { key: last.position.createdAt, id: last.position.id })
        : null,
  };
}
