/**
 * An answer kept for an `Idempotency-Key`, sealed so that only the key's holder can read it back
 * (ADR 30): answers may carry a cart's or an order's token, which the database must not hold in
 * the clear. The row's id and the answer's AES-GCM key are two different digests of the caller
 * and the key, so the id says nothing about the key that seals.
 */

export interface KeptAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

const encoder = new TextEncoder();

async function digest(purpose: string, scope: string, key: string): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(
    await crypto.subtle.digest('SHA-256', encoder.encode(`${purpose}\n${scope}\n${key}`)),
  );
}

/** The row id for the caller's key. */
export async function keptAnswerId(scope: string, key: string): Promise<string> {
  return base64url(await digest('idempotency-key-id', scope, key));
}

async function sealingKey(scope: string, key: string): Promise<CryptoKey> {
  return crypto.subtle.importKey('raw', await digest('idempotency-answer', scope, key), 'AES-GCM', false, [
    'encrypt',
    'decrypt',
  ]);
}

export async function sealAnswer(scope: string, key: string, answer: KeptAnswer): Promise<string> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const sealed = new Uint8Array(
    await crypto.subtle.encrypt(
      { name: 'AES-GCM', iv },
      await sealingKey(scope, key),
      encoder.encode(JSON.stringify(answer)),
    ),
  );
  const joined = new Uint8Array(iv.length + sealed.length);
  joined.set(iv);
  joined.set(sealed, iv.length);
  return base64url(joined);
}

export async function openAnswer(scope: string, key: string, sealed: string): Promise<KeptAnswer> {
  const bytes = fromBase64url(sealed);
  const opened = await crypto.subtle.decrypt(
    { name: 'AES-GCM', iv: bytes.slice(0, 12) },
    await sealingKey(scope, key),
    bytes.slice(12),
  );
  return JSON.parse(new TextDecoder().decode(opened)) as KeptAnswer;
}

function base64url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

function fromBase64url(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text.replaceAll('-', '+').replaceAll('_', '/'));
  return Uint8Array.from(binary, (character) => character.charCodeAt(0));
}
