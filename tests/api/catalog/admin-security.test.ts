import { env, exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../../workers/api/src/app';
import { testCredentials } from '../../setup/integration-credentials';
import { expectProblem } from '../problem-assertions';
import { storedProduct } from './catalog-rows';
import { adminRequest, uniqueSuffix, withDatabase } from './catalog-test-kit';

// That every admin route refuses a request without the key is proven on the app's own route
// table in tests/api/secured-routes.test.ts; these are the admin key's finer points.

describe('admin API security', { timeout: 30_000 }, () => {
  it('refuses a wrong key on the lists with 401, and a partner key with 403 naming the admin scope', async () => {
    for (const path of ['/v1/admin/products', '/v1/admin/categories?limit=1']) {
      const wrong = await adminRequest('GET', path, { key: `sk_test_admin_${'0'.repeat(24)}` });
      await expectProblem(wrong, 401, 'unauthorized');
      const partner = await adminRequest('GET', path, { key: testCredentials.pimPartnerKey });
      const problem = await expectProblem(partner, 403, 'forbidden');
      expect(problem.requiredScope).toBe('admin');
      expect(partner.headers.get('WWW-Authenticate')).toBe(
        'Bearer realm="edge-commerce", error="insufficient_scope", scope="admin"',
      );
    }
  });

  it('refuses a PATCH with a wrong key before its If-Match is looked at', async () => {
    const response = await exports.default.fetch('http://api.test/v1/admin/products/prod_x', {
      method: 'PATCH',
      headers: {
        Authorization: 'Bearer sk_wrong',
        'Content-Type': 'application/json',
        'If-Match': 'malformed',
      },
      body: JSON.stringify({ title: 'X' }),
    });
    await expectProblem(response, 401, 'unauthorized');
  });

  it.each([
    ['a wrong key', `sk_test_admin_${'0'.repeat(24)}`, 401],
    ['a partner key', testCredentials.pimPartnerKey, 403],
    ['the admin key with one character missing', testCredentials.adminApiKey.slice(1), 401],
  ] as const)('refuses %s with %i and creates nothing', async (_case, key, status) => {
    const handle = `intruder-${uniqueSuffix()}`;
    const response = await adminRequest('POST', '/v1/admin/products', { body: { handle, title: 'X' }, key });
    await expectProblem(response, status, status === 401 ? 'unauthorized' : 'forbidden');
    expect(await withDatabase((db) => storedProduct(db, handle))).toBeUndefined();
  });

  it('checks the key before the body: a malformed body without the key is 401', async () => {
    const response = await adminRequest('POST', '/v1/admin/products', { body: { handle: 7 }, key: null });
    await expectProblem(response, 401, 'unauthorized');
  });

  it('refuses the bootstrap key when none is configured', async () => {
    const { BOOTSTRAP_ADMIN_KEY: _unset, ...withoutAdminKey } = env as unknown as Record<string, unknown>;
    const response = await createApp().request(
      '/v1/admin/products/prod_x',
      { headers: { Authorization: `Bearer ${testCredentials.adminApiKey}` } },
      withoutAdminKey,
    );
    await expectProblem(response, 401, 'unauthorized');
  });
});
