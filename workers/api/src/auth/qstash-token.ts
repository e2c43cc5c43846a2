/** What a verified QStash signature says about itself: enough to bind it to its delivery. */
export interface SignedToken {
  /** The `jti` claim, unique to each signature QStash makes (one per delivery attempt). */
  id: string;
  /** Until when the signature verifies here: its `exp` plus the clock tolerance we grant. */
  expiresAt: Date;
}

// QStash's ids are ~30 characters; a bound keeps a strange one from becoming an index key.
const MAX_TOKEN_ID_LENGTH = 255;

/**
 * Reads `jti` and `exp` from a JWT. Only for a token whose signature was verified just before:
 * decoding does not verify, and claims of an unverified token are anyone's words. Undefined when
 * either claim is missing or malformed: such a token cannot be bound to one delivery (without
 * `exp` it would even verify forever), so it is refused.
 */
export function verifiedTokenIdentity(jwt: string, clockToleranceSeconds: number): SignedToken | undefined {
  const claims = payloadOf(jwt);
  const jti = claims?.jti;
  const exp = claims?.exp;
  if (typeof jti !== 'string' || jti.length === 0 || jti.length > MAX_TOKEN_ID_LENGTH) return undefined;
  if (typeof exp !== 'number' || !Number.isFinite(exp)) return undefined;
  return { id: jti, expiresAt: new Date((exp + clockToleranceSeconds) * 1000) };
}

function payloadOf(jwt: string): Record<string, unknown> | undefined {
  const payload = jwt.split('.')[1];
  if (payload === undefined) return undefined;
  try {
    const base64 = payload.replaceAll('-', '+').replaceAll('_', '/');
    const bytes = Uint8Array.from(atob(base64.padEnd(Math.ceil(base64.length / 4) * 4, '=')), (char) =>
      char.charCodeAt(0),
    );
    const claims: unknown = JSON.parse(new TextDecoder().decode(bytes));
    return typeof claims === 'object' && claims !== null ? (claims as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
