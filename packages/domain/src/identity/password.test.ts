import { argon2id } from '@noble/hashes/argon2.js';
import { describe, expect, it } from 'vitest';
import { hashPassword, PASSWORD_COST, parsePasswordHash, verifyPassword } from './password';

const hex = (bytes: Uint8Array) => Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');

describe('password hashing (Argon2id)', () => {
  it('computes RFC 9106’s Argon2id test vector (§5.3), so the library is the algorithm', () => {
    const tag = argon2id(new Uint8Array(32).fill(1), new Uint8Array(16).fill(2), {
      m: 32,
      t: 3,
      p: 4,
      dkLen: 32,
      key: new Uint8Array(8).fill(3),
      personalization: new Uint8Array(12).fill(4),
    });
    expect(hex(tag)).toBe('0d640df58d78766c08c037a34a8b53c9d01ef0452d75b65eb52520e96b01e659');
  });

  it('verifies a hash made by the reference implementation, and asks for a rehash at our cost', async () => {
    // phc-winner-argon2's own test: "password", salt "somesalt", m=65536, t=2, p=1.
    const reference =
      '$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc';
    expect(await verifyPassword('password', reference)).toEqual({ ok: true, needsRehash: true });
    expect(await verifyPassword('Password', reference)).toEqual({ ok: false, needsRehash: false });
  });

  it('stores the cost and a fresh salt with each hash, and verifies only the password it was made from', async () => {
    const stored = await hashPassword('correct horse battery staple');
    expect(stored).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
    expect(await hashPassword('correct horse battery staple')).not.toBe(stored);
    expect(await verifyPassword('correct horse battery staple', stored)).toEqual({
      ok: true,
      needsRehash: false,
    });
    expect((await verifyPassword('correct horse battery stapl', stored)).ok).toBe(false);
    expect((await verifyPassword('', stored)).ok).toBe(false);
    // Raising the cost later asks for a rehash at the next successful check only.
    const raised = { ...PASSWORD_COST, t: 3 };
    expect(await verifyPassword('correct horse battery staple', stored, raised)).toEqual({
      ok: true,
      needsRehash: true,
    });
  });

  it('hashes a password typed in composed or decomposed Unicode alike', async () => {
    const stored = await hashPassword('Ångström');
    expect((await verifyPassword('A\u030Angstro\u0308m', stored)).ok).toBe(true);
  });

  it('never matches a stored value it cannot or will not check', async () => {
    const good = await hashPassword('secret');
    const [, , , params, salt, hash] = good.split('$');
    for (const stored of [
      '',
      'secret',
      good.replace('$argon2id$', '$argon2i$'),
      good.replace('v=19', 'v=16'),
      `$argon2id$v=19$m=1048576,t=2,p=1$${salt}$${hash}`, // 1 GiB: past our bound
      `$argon2id$v=19$m=19456,t=1000,p=1$${salt}$${hash}`,
      `$argon2id$v=19$${params}$${salt}$`,
      `$argon2id$v=19$${params}$!!!$${hash}`,
      `${good}!`,
    ]) {
      expect(parsePasswordHash(stored), stored).toBeNull();
      expect((await verifyPassword('secret', stored)).ok, stored).toBe(false);
    }
  });
});
