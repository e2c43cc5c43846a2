import { exports } from 'cloudflare:workers';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { testCredentials } from '../../setup/integration-credentials';
import { API_ORIGIN, postWithKey, uniqueSuffix, withDatabase } from '../catalog/catalog-test-kit';
import { productItem } from '../catalog/pim-fixtures';
import { expectProblem } from '../problem-assertions';

interface ApiKey {
  id: string;
  name: string;
  holder: string;
  mode: string;
  scopes: string[];
  hint: string;
  status: 'active' | 'expired' | 'revoked';
  createdBy: string;
  expiresAt: string | null;
  revokedAt: string | null;
  rotatedToId: string | null;
  lastUsedAt: string | null;
  key?: string;
}

function call(
  method: 'GET' | 'POST' | 'DELETE',
  path: string,
  { key = testCredentials.adminApiKey, body }: { key?: string; body?: unknown } = {},
): Promise<Response> {
  return exports.default.fetch(`${API_ORIGIN}${path}`, {
    method,
    headers: {
      Authorization: `Bearer ${key}`,
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

async function createKey(scopes: string[], key?: string): Promise<ApiKey & { key: string }> {
  const response = await call('POST', '/v1/admin/api-keys', {
    key,
    body: {
      name: `test ${scopes.join(' ')}`,
      holder: `holder-${uniqueSuffix().toLowerCase()}`.slice(0, 60),
      scopes,
    },
  });
  expect(response.status).toBe(201);
  return response.json();
}

/** A PIM batch of one new product, sent with `key`: 200 when the key may write the catalog. */
const postProduct = (key: string) =>
  postWithKey(
    '/v1/integrations/pim/products',
    { products: [productItem(`key-${uniqueSuffix()}`, 1)] },
    { key },
  );

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('API keys', { timeout: 30_000 }, () => {
  it('shows a new key once, stores only its hash, and never shows it again', async () => {
    const created = await createKey(['pim:write']);
    expect(created.key).toMatch(/^sk_test_[A-Za-z0-9_-]{43}$/);
    expect(created).toMatchObject({
      mode: 'test',
      scopes: ['pim:write'],
      hint: created.key.slice(0, 12),
      status: 'active',
      createdBy: 'bootstrap',
      expiresAt: null,
      revokedAt: null,
    });
    const read = await call('GET', `/v1/admin/api-keys/${created.id}`);
    expect(read.status).toBe(200);
    const text = await read.text();
    expect(text).not.toContain(created.key);
    expect(JSON.parse(text)).not.toHaveProperty('key');
    const listed = await (await call('GET', '/v1/admin/api-keys?limit=100')).text();
    expect(listed).toContain(created.id);
    expect(listed).not.toContain(created.key);
    const [row] = await withDatabase(
      async (db) =>
        (
          await db.execute<{ stored: string }>(
            sql`select row_to_json(k)::text as stored from api_keys k where id = ${created.id}`,
          )
        ).rows,
    );
    expect(row?.stored).not.toContain(created.key.slice(8));
  });

  it('admits a key to what its scopes allow, and refuses the rest with 403 naming the scope', async () => {
    const pim = await createKey(['pim:write']);
    expect((await postProduct(pim.key)).status).toBe(200);
    const admin = await expectProblem(
      await call('GET', '/v1/admin/api-keys', { key: pim.key }),
      403,
      'forbidden',
    );
    expect(admin.requiredScope).toBe('admin');
    const wms = await postWithKey('/v1/integrations/wms/inventory-levels', { levels: [] }, { key: pim.key });
    expect((await expectProblem(wms, 403, 'forbidden')).requiredScope).toBe('wms:write');
    // `admin` carries every scope: an operator's key may do a partner's work, and issue keys.
    const operator = await createKey(['admin']);
    expect((await postProduct(operator.key)).status).toBe(200);
    const issued = await createKey(['crm:read'], operator.key);
    expect(issued.createdBy).toBe(operator.id);
  });

  it('keeps a rotated key working for its grace period only, beside its successor', async () => {
    const old = await createKey(['pim:write']);
    const rotated = await call('POST', `/v1/admin/api-keys/${old.id}/rotate`, {
      body: { gracePeriodSeconds: 2 },
    });
    expect(rotated.status).toBe(201);
    const successor = await rotated.json<ApiKey & { key: string }>();
    expect(rotated.headers.get('Location')).toBe(`/v1/admin/api-keys/${successor.id}`);
    expect(successor).toMatchObject({
      holder: old.holder,
      scopes: old.scopes,
      name: old.name,
      status: 'active',
    });
    expect(successor.key).not.toBe(old.key);
    const before = await (await call('GET', `/v1/admin/api-keys/${old.id}`)).json<ApiKey>();
    expect(before).toMatchObject({ rotatedToId: successor.id, status: 'active' });
    expect(Date.parse(before.expiresAt ?? '')).toBeGreaterThan(Date.now());
    expect((await postProduct(old.key)).status).toBe(200);
    expect((await postProduct(successor.key)).status).toBe(200);
    await sleep(2_200);
    await expectProblem(await postProduct(old.key), 401, 'unauthorized');
    expect((await postProduct(successor.key)).status).toBe(200);
    expect((await (await call('GET', `/v1/admin/api-keys/${old.id}`)).json<ApiKey>()).status).toBe('expired');
    // A key is rotated once; its successor is the one to rotate next.
    const again = await call('POST', `/v1/admin/api-keys/${old.id}/rotate`, { body: {} });
    expect((await expectProblem(again, 409, 'key_already_rotated')).successorId).toBe(successor.id);
  });

  it('stops a key rotated without grace at once', async () => {
    const old = await createKey(['pim:write']);
    expect((await postProduct(old.key)).status).toBe(200);
    const rotated = await call('POST', `/v1/admin/api-keys/${old.id}/rotate`, {
      body: { gracePeriodSeconds: 0 },
    });
    expect(rotated.status).toBe(201);
    await expectProblem(await postProduct(old.key), 401, 'unauthorized');
  });

  it('refuses a revoked key from the next call, and revoking is final and repeatable', async () => {
    const key = await createKey(['pim:write']);
    expect((await postProduct(key.key)).status).toBe(200);
    expect((await call('DELETE', `/v1/admin/api-keys/${key.id}`)).status).toBe(204);
    await expectProblem(await postProduct(key.key), 401, 'unauthorized');
    expect((await call('DELETE', `/v1/admin/api-keys/${key.id}`)).status).toBe(204);
    const read = await (await call('GET', `/v1/admin/api-keys/${key.id}`)).json<ApiKey>();
    expect(read.status).toBe('revoked');
    await expectProblem(
      await call('POST', `/v1/admin/api-keys/${key.id}/rotate`, { body: {} }),
      409,
      'key_not_live',
    );
  });

  it('answers 404 for keys that do not exist, whatever their id looks like', async () => {
    for (const id of ['key_01jd8c4r7t2n9v5x3q6w8y0z1a', 'prod_01jd8c4r7t2n9v5x3q6w8y0z1a', 'nonsense']) {
      await expectProblem(await call('GET', `/v1/admin/api-keys/${id}`), 404, 'not_found');
      await expectProblem(await call('DELETE', `/v1/admin/api-keys/${id}`), 404, 'not_found');
      await expectProblem(
        await call('POST', `/v1/admin/api-keys/${id}/rotate`, { body: {} }),
        404,
        'not_found',
      );
    }
  });

  it('refuses a live key on a test deployment as if it were unknown', async () => {
    const test = await createKey(['pim:write']);
    const live = test.key.replace('sk_test_', 'sk_live_');
    await expectProblem(await postProduct(live), 401, 'unauthorized');
  });

  it('refuses malformed keys with 400 naming each field, and stores nothing', async () => {
    const holder = `bad-${uniqueSuffix().toLowerCase()}`;
    for (const [body, field] of [
      [{ name: 'x', holder: 'Acme PIM', scopes: ['pim:write'] }, 'holder'],
      [{ name: 'x', holder, scopes: [] }, 'scopes'],
      [{ name: 'x', holder, scopes: ['pim:write', 'pim:write'] }, 'scopes'],
      [{ name: 'x', holder, scopes: ['root'] }, 'scopes[0]'],
      [{ name: '', holder, scopes: ['pim:write'] }, 'name'],
      [{ name: 'x', holder, scopes: ['pim:write'], mode: 'live' }, 'mode'],
    ] as const) {
      const problem = await expectProblem(
        await call('POST', '/v1/admin/api-keys', { body }),
        400,
        'validation_failed',
      );
      expect(JSON.stringify(problem.errors), JSON.stringify(body)).toContain(field);
    }
    const { rows } = await withDatabase((db) =>
      db.execute<{ n: number }>(sql`select count(*)::int as n from api_keys where holder = ${holder}`),
    );
    expect(rows[0]?.n).toBe(0);
    const grace = await call('POST', '/v1/admin/api-keys/key_01jd8c4r7t2n9v5x3q6w8y0z1a/rotate', {
      body: { gracePeriodSeconds: 8 * 24 * 3600 },
    });
    await expectProblem(grace, 400, 'validation_failed');
  });

  it('records a key’s use after the answer, at most once in five minutes however often it calls', async () => {
    const key = await createKey(['pim:write']);
    expect(key.lastUsedAt).toBeNull();
    const lastUsed = async () =>
      (await (await call('GET', `/v1/admin/api-keys/${key.id}`)).json<ApiKey>()).lastUsedAt;
    expect((await postProduct(key.key)).status).toBe(200);
    let first: string | null = null;
    for (let attempt = 0; attempt < 50 && first === null; attempt++) {
      first = await lastUsed();
      if (first === null) await sleep(50);
    }
    expect(first).not.toBeNull();
    for (let index = 0; index < 10; index++) expect((await postProduct(key.key)).status).toBe(200);
    await sleep(300);
    expect(await lastUsed()).toBe(first);
  });
});
