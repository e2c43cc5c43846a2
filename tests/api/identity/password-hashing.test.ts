import { hashPassword, verifyPassword } from '@edge-commerce/domain';
import { describe, expect, it } from 'vitest';

// The KDF is pure JavaScript (no WebAssembly compiled at run time, which Workers refuse), so the
// same code hashes in workerd as in Node; this proves it does, at OWASP's cost.
describe('password hashing in workerd', () => {
  it('hashes at 19 MiB, 2 passes, 1 lane, and verifies only the right password', async () => {
    const stored = await hashPassword('a long passphrase, in workerd');
    expect(stored.startsWith('$argon2id$v=19$m=19456,t=2,p=1$')).toBe(true);
    expect(await verifyPassword('a long passphrase, in workerd', stored)).toEqual({
      ok: true,
      needsRehash: false,
    });
    expect((await verifyPassword('a long passphrase, in Node', stored)).ok).toBe(false);
  });
});
