/**
 * A cart's secret: 256 random bits, base64url. Only its SHA-256 is stored, so a copy of the
 * object's storage does not let anyone into the cart.
 */
export function newCartToken(): string {
  return base64url(crypto.getRandomValues(new Uint8Array(32)));
}

/** Whether `token` could be a cart token at all: 43 base64url characters (256 bits). */
export function isCartTokenShaped(token: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(token);
}

export async function hashCartToken(token: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(token));
  return base64url(new Uint8Array(digest));
}

/** Compares two digests of equal length in time independent of where they differ. */
export function digestsEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let index = 0; index < a.length; index++) difference |= a.charCodeAt(index) ^ b.charCodeAt(index);
  return difference === 0;
}

export function base64url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}
