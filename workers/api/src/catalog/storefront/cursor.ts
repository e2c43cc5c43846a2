import type { storefront } from '@edge-commerce/db';
import { type IdKind, isId } from '@edge-commerce/domain';
import { ApiError } from '../../errors/problem';
import { isMicrosecondInstant } from '../../input/instant';
import { base64url } from './cached-read';

/**
 * Cursors are opaque to clients: base64url of `{ q, k, i }`, where `k` and `i` are the sort key
 * and id of the last product served and `q` fingerprints the query (filters, sort, currency).
 * Keyset pagination: page N+1 starts strictly after that position, so rows inserted meanwhile
 * never shift pages and equal sort keys never repeat or skip (ties break on the id). The
 * fingerprint turns a cursor reused under other filters, which would silently return a wrong
 * page, into a 400. Cursors are not secret or signed: a forged one can only ask for a page of
 * the same public list.
 */
interface CursorPayload {
  q: string;
  k: string | number;
  i: string;
}

/** A fingerprint of everything that defines a list but its page size. */
export async function queryFingerprint(canonicalQuery: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(canonicalQuery));
  return base64url(new Uint8Array(digest)).slice(0, 16);
}

export function encodeCursor(fingerprint: string, position: storefront.PagePosition): string {
  const payload: CursorPayload = { q: fingerprint, k: position.key, i: position.id };
  return base64url(new TextEncoder().encode(JSON.stringify(payload)));
}

/**
 * The position a cursor resumes after. `keyKind` is what the list's sort key is: an instant
 * (newest first) or an integer (price, relevance, merchandised position); `idKind` what the list
 * holds. Both are checked as what they are, not by shape alone: a forged cursor whose date does
 * not exist or whose id is not an id would otherwise reach Postgres.
 */
export function decodeCursor(
  cursor: string,
  fingerprint: string,
  keyKind: 'instant' | 'integer',
  idKind: IdKind,
): storefront.PagePosition {
  const payload = parsePayload(cursor);
  if (!payload) throw invalidCursor();
  if (payload.q !== fingerprint) {
    throw new ApiError(
      'cursor_mismatch',
      'The cursor was issued for a list with other filters, sort or currency; start again without a cursor.',
    );
  }
  const keyFits =
    keyKind === 'instant'
      ? typeof payload.k === 'string' && isMicrosecondInstant(payload.k)
      : typeof payload.k === 'number' && Number.isSafeInteger(payload.k);
  if (!keyFits || !isId(idKind, payload.i)) throw invalidCursor();
  return { key: payload.k, id: payload.i };
}

function parsePayload(cursor: string): CursorPayload | undefined {
  if (!/^[A-Za-z0-9_-]+$/.test(cursor)) return undefined;
  let parsed: unknown;
  try {
    const binary = atob(cursor.replaceAll('-', '+').replaceAll('_', '/'));
    parsed = JSON.parse(
      new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(Uint8Array.from(binary, toByte)),
    );
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const { q, k, i } = parsed as Record<string, unknown>;
  if (typeof q !== 'string' || typeof i !== 'string' || i.length === 0 || i.length > 100) return undefined;
  if (typeof k !== 'string' && typeof k !== 'number') return undefined;
  return { q, k, i };
}

const toByte = (character: string): number => character.charCodeAt(0);

function invalidCursor(): ApiError {
  return new ApiError(
    'invalid_cursor',
    'The cursor is not one this API issued; pass back `nextCursor` exactly as received.',
  );
}
