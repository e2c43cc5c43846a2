/**
 * Signs deliveries the way QStash does, so that the real `Receiver` of `@upstash/qstash` accepts
 * them: an HS256 JWT in the `Upstash-Signature` header, issued by "Upstash", whose subject is the
 * destination URL and whose `body` claim is the base64url SHA-256 of the exact body sent.
 *
 * Web Crypto only, so the same signer runs in Node (the local QStash stand-in) and in workerd
 * (the Worker tests).
 */

/** QStash's signatures live for 5 minutes. */
export const QSTASH_SIGNATURE_LIFETIME_SECONDS = 300;

export interface QStashDelivery {
  /** The signing key (QStash's current key, or the next one during a rotation). */
  signingKey: string;
  /** The exact URL the delivery is sent to, query string included. */
  url: string;
  /** The exact body sent, as text or as bytes (hashed as they are: a binary body needs no encoding). */
  body: string | Uint8Array;
  /** Signing time in epoch milliseconds; defaults to now. */
  now?: number;
  /** Defaults to {@link QSTASH_SIGNATURE_LIFETIME_SECONDS}. */
  lifetimeSeconds?: number;
}

/** The claims QStash puts in its signatures. */
export interface QStashClaims {
  iss: 'Upstash';
  sub: string;
  iat: number;
  nbf: number;
  exp: number;
  jti: string;
  body: string;
}

/** Returns the value of the `Upstash-Signature` header for a delivery. */
export async function signQStashDelivery(delivery: QStashDelivery): Promise<string> {
  const issuedAt = Math.floor((delivery.now ?? Date.now()) / 1000);
  const claims: QStashClaims = {
    iss: 'Upstash',
    sub: delivery.url,
    iat: issuedAt,
    nbf: issuedAt,
    exp: issuedAt + (delivery.lifetimeSeconds ?? QSTASH_SIGNATURE_LIFETIME_SECONDS),
    jti: `jwt_${randomToken(20)}`,
    // QStash sends the digest padded ("…=") and the Receiver accepts it with or without padding.
    body: base64url(await sha256(delivery.body), { padded: true }),
  };
  return signJwt(claims, delivery.signingKey);
}

/** A fresh signing key shaped like QStash's (`sig_…`), for local stacks and tests. */
export function newQStashSigningKey(): string {
  return `sig_${randomToken(28)}`;
}

async function signJwt(claims: QStashClaims, key: string): Promise<string> {
  const header = encodeJson({ alg: 'HS256', typ: 'JWT' });
  const payload = encodeJson(claims);
  const signingInput = `${header}.${payload}`;
  const hmacKey = await crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(key),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  const signature = await crypto.subtle.sign('HMAC', hmacKey, new TextEncoder().encode(signingInput));
  return `${signingInput}.${base64url(new Uint8Array(signature))}`;
}

async function sha256(body: string | Uint8Array): Promise<Uint8Array> {
  // A copy of given bytes: Web Crypto takes views of an ArrayBuffer only (a Buffer may share a pool).
  const bytes = typeof body === 'string' ? new TextEncoder().encode(body) : new Uint8Array(body);
  return new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
}

function encodeJson(value: unknown): string {
  return base64url(new TextEncoder().encode(JSON.stringify(value)));
}

function base64url(bytes: Uint8Array, { padded = false }: { padded?: boolean } = {}): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  const encoded = btoa(binary).replaceAll('+', '-').replaceAll('/', '_');
  return padded ? encoded : encoded.replace(/=+$/, '');
}

const TOKEN_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function randomToken(length: number): string {
  let token = '';
  for (const byte of crypto.getRandomValues(new Uint8Array(length))) {
    token += TOKEN_ALPHABET[byte % TOKEN_ALPHABET.length];
  }
  return token;
}
