import { argon2idAsync } from '@noble/hashes/argon2.js';

/** Argon2id's costs: memory in KiB, passes, lanes. */
export interface PasswordCost {
  m: number;
  t: number;
  p: number;
}

/**
 * OWASP's Password Storage Cheat Sheet minimum for Argon2id: 19 MiB, 2 passes, 1 lane. A
 * memory-hard KDF rather than PBKDF2, whose iterations production Workers cap below OWASP's
 * count. Stored hashes carry their cost, so raising this rehashes each password at its next
 * successful login (`needsRehash`).
 */
export const PASSWORD_COST: PasswordCost = { m: 19_456, t: 2, p: 1 };

// Hashes with costs past these are refused rather than computed: a tampered row must not be able
// to make one login burn a second of CPU or the isolate's memory.
const MAX_COST: PasswordCost = { m: 65_536, t: 10, p: 4 };
const SALT_BYTES = 16;
const HASH_BYTES = 32;
/** Yield to other requests every few milliseconds while hashing (the KDF takes tens of them). */
const ASYNC_TICK_MS = 10;

/** Stored, in PHC string format: `$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>` (base64, unpadded). */
export async function hashPassword(password: string, cost: PasswordCost = PASSWORD_COST): Promise<string> {
  const salt = crypto.getRandomValues(new Uint8Array(SALT_BYTES));
  const hash = await derive(password, salt, cost, HASH_BYTES);
  return `$argon2id$v=19$m=${cost.m},t=${cost.t},p=${cost.p}$${base64(salt)}$${base64(hash)}`;
}

export interface PasswordCheck {
  ok: boolean;
  /** The stored hash was made at another cost than `current`: store a new one while the password is at hand. */
  needsRehash: boolean;
}

/**
 * Whether `password` is the one `stored` was made from, compared in constant time. A stored
 * value that is not an Argon2id PHC string we can check (another algorithm, version 0x10, costs
 * past our bounds, garbage) is never a match.
 */
export async function verifyPassword(
  password: string,
  stored: string,
  current: PasswordCost = PASSWORD_COST,
): Promise<PasswordCheck> {
  const parsed = parsePasswordHash(stored);
  if (!parsed) return { ok: false, needsRehash: false };
  const derived = await derive(password, parsed.salt, parsed.cost, parsed.hash.length);
  let difference = 0;
  for (let index = 0; index < derived.length; index++)
    difference |= (derived[index] ?? 0) ^ (parsed.hash[index] ?? 0);
  const ok = difference === 0;
  const { cost } = parsed;
  const needsRehash =
    ok &&
    (cost.m !== current.m ||
      cost.t !== current.t ||
      cost.p !== current.p ||
      parsed.hash.length !== HASH_BYTES);
  return { ok, needsRehash };
}

const PHC =
  /^\$argon2id\$v=19\$m=(\d{1,7}),t=(\d{1,3}),p=(\d{1,2})\$([A-Za-z0-9+/]{11,88})\$([A-Za-z0-9+/]{22,88})$/;

/** The parts of an Argon2id PHC string within our bounds, or null. */
export function parsePasswordHash(
  stored: string,
): { cost: PasswordCost; salt: Uint8Array; hash: Uint8Array } | null {
  const match = PHC.exec(stored);
  if (!match) return null;
  const cost = { m: Number(match[1]), t: Number(match[2]), p: Number(match[3]) };
  if (cost.p < 1 || cost.p > MAX_COST.p || cost.t < 1 || cost.t > MAX_COST.t) return null;
  if (cost.m < 8 * cost.p || cost.m > MAX_COST.m) return null;
  const salt = fromBase64(match[4] ?? '');
  const hash = fromBase64(match[5] ?? '');
  if (!salt || !hash || salt.length < 8 || hash.length < 16) return null;
  return { cost, salt, hash };
}

function derive(password: string, salt: Uint8Array, cost: PasswordCost, length: number): Promise<Uint8Array> {
  // NFKC, as NIST SP 800-63B advises: the same password typed on two keyboards hashes alike.
  return argon2idAsync(new TextEncoder().encode(password.normalize('NFKC')), salt, {
    ...cost,
    dkLen: length,
    asyncTick: ASYNC_TICK_MS,
    maxmem: MAX_COST.m * 1024 + 1024 * 1024,
  });
}

function base64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/=+$/, '');
}

/** Decoded only if `text` is the canonical unpadded base64 of its bytes (one spelling per value). */
function fromBase64(text: string): Uint8Array | null {
  try {
    const bytes = Uint8Array.from(atob(text + '='.repeat((4 - (text.length % 4)) % 4)), (char) =>
      char.charCodeAt(0),
    );
    return base64(bytes) === text ? bytes : null;
  } catch {
    return null;
  }
}
