/** Bytes as base64url without padding (RFC 4648 §5), the alphabet tokens travel in. */
export function base64url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

/** 256 random bits, base64url: the secret part of a key or token. */
export function randomSecret(): string {
  return base64url(crypto.getRandomValues(new Uint8Array(32)));
}

/**
 * What is stored of a high-entropy secret (API key, refresh token): its SHA-256, base64url. A
 * lookup by it leaks nothing of the secret; no KDF is needed because the secret is not guessable.
 */
export async function digestSecret(secret: string): Promise<string> {
  return base64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(secret))));
}
