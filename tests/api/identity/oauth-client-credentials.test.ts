import { exports } from 'cloudflare:workers';
import { decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';
import { testCredentials } from '../../setup/integration-credentials';
import { API_ORIGIN, postWithKey, uniqueSuffix } from '../catalog/catalog-test-kit';
import { productItem } from '../catalog/pim-fixtures';
import { expectProblem } from '../problem-assertions';
import { call } from './customer-kit';

interface IssuedKey {
  id: string;
  key: string;
}

async function createKey(scopes: string[]): Promise<IssuedKey> {
  const response = await call('POST', '/v1/admin/api-keys', {
    token: testCredentials.adminApiKey,
    body: { name: 'OAuth client', holder: `oauth-${uniqueSuffix().toLowerCase()}`.slice(0, 60), scopes },
  });
  expect(response.status).toBe(201);
  return response.json();
}

const basic = (id: string, secret: string) =>
  `Basic ${btoa(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`)}`;

function tokenRequest(form: Record<string, string>, headers: Record<string, string> = {}): Promise<Response> {
  return exports.default.fetch(`${API_ORIGIN}/v1/oauth/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(form).toString(),
  });
}

async function token(client: IssuedKey, scope?: string): Promise<string> {
  const response = await tokenRequest(
    { grant_type: 'client_credentials', ...(scope === undefined ? {} : { scope }) },
    { Authorization: basic(client.id, client.key) },
  );
  expect(response.status, await response.clone().text()).toBe(200);
  return ((await response.json()) as { access_token: string }).access_token;
}

const postProduct = (key: string) =>
  postWithKey(
    '/v1/integrations/pim/products',
    { products: [productItem(`oauth-${uniqueSuffix()}`, 1)] },
    { key },
  );

async function expectOAuthError(response: Response, status: number, error: string): Promise<void> {
  const problem = await expectProblem(response, status, error);
  expect(problem).toMatchObject({ error, error_description: expect.any(String) });
}

describe('POST /v1/oauth/token', () => {
  it("issues a short-lived token with the key's scopes (client_secret_basic), which opens what the key opens", async () => {
    const client = await createKey(['pim:write']);
    const response = await tokenRequest(
      { grant_type: 'client_credentials' },
      { Authorization: basic(client.id, client.key) },
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('Cache-Control')).toContain('no-store');
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 900, scope: 'pim:write' });
    const claims = decodeJwt(body.access_token as string);
    expect(claims).toMatchObject({
      aud: 'partner-api',
      sub: client.id,
      scope: 'pim:write',
      client_id: client.id,
    });

    expect((await postProduct(body.access_token as string)).status).toBe(200);
    await expectProblem(
      await call('GET', '/v1/admin/api-keys', { token: body.access_token as string }),
      403,
      'forbidden',
    );
    await expectProblem(
      await call('GET', '/v1/customers/me', { token: body.access_token as string }),
      403,
      'forbidden',
    );
  });

  it('takes the credentials in the form too (client_secret_post), and narrows to the scopes asked for', async () => {
    const client = await createKey(['pim:write', 'wms:write']);
    const response = await tokenRequest({
      grant_type: 'client_credentials',
      scope: 'wms:write',
      client_id: client.id,
      client_secret: client.key,
    });
    expect(response.status).toBe(200);
    const narrowed = ((await response.json()) as { access_token: string; scope: string }).access_token;
    expect(decodeJwt(narrowed).scope).toBe('wms:write');
    await expectProblem(await postProduct(narrowed), 403, 'forbidden');
    expect((await postProduct(await token(client))).status).toBe(200);
  });

  it.each<
    [
      string,
      (client: IssuedKey, other: IssuedKey) => [Record<string, string>, Record<string, string>],
      number,
      string,
    ]
  >([
    [
      'a wrong secret',
      (client) => [
        { grant_type: 'client_credentials' },
        { Authorization: basic(client.id, `${client.key.slice(0, -1)}x`) },
      ],
      401,
      'invalid_client',
    ],
    [
      "another key's id",
      (client, other) => [
        { grant_type: 'client_credentials' },
        { Authorization: basic(other.id, client.key) },
      ],
      401,
      'invalid_client',
    ],
    ['no credentials', () => [{ grant_type: 'client_credentials' }, {}], 401, 'invalid_client'],
    [
      'a Bearer header',
      (client) => [{ grant_type: 'client_credentials' }, { Authorization: `Bearer ${client.key}` }],
      401,
      'invalid_client',
    ],
    [
      'both methods at once',
      (client) => [
        { grant_type: 'client_credentials', client_id: client.id, client_secret: client.key },
        { Authorization: basic(client.id, client.key) },
      ],
      400,
      'invalid_request',
    ],
    [
      'no grant_type',
      (client) => [{}, { Authorization: basic(client.id, client.key) }],
      400,
      'invalid_request',
    ],
    [
      'the password grant',
      (client) => [
        { grant_type: 'password', username: 'a', password: 'b' },
        { Authorization: basic(client.id, client.key) },
      ],
      400,
      'unsupported_grant_type',
    ],
    [
      'a scope the key lacks',
      (client) => [
        { grant_type: 'client_credentials', scope: 'pim:write admin' },
        { Authorization: basic(client.id, client.key) },
      ],
      400,
      'invalid_scope',
    ],
    [
      'a scope that does not exist',
      (client) => [
        { grant_type: 'client_credentials', scope: 'everything' },
        { Authorization: basic(client.id, client.key) },
      ],
      400,
      'invalid_scope',
    ],
  ])('refuses %s', async (_case, request, status, error) => {
    const [client, other] = await Promise.all([createKey(['pim:write']), createKey(['pim:write'])]);
    const [form, headers] = request(client, other);
    const response = await tokenRequest(form, headers);
    await expectOAuthError(response, status, error);
    if (status === 401) expect(response.headers.get('WWW-Authenticate')).toBe('Basic realm="edge-commerce"');
  });

  it('refuses a revoked key, and a JSON body', async () => {
    const client = await createKey(['pim:write']);
    expect(
      (await call('DELETE', `/v1/admin/api-keys/${client.id}`, { token: testCredentials.adminApiKey }))
        .status,
    ).toBe(204);
    await expectOAuthError(
      await tokenRequest(
        { grant_type: 'client_credentials' },
        { Authorization: basic(client.id, client.key) },
      ),
      401,
      'invalid_client',
    );
    const json = await exports.default.fetch(`${API_ORIGIN}/v1/oauth/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: basic(client.id, client.key) },
      body: JSON.stringify({ grant_type: 'client_credentials' }),
    });
    await expectProblem(json, 415, 'unsupported_media_type');
  });
});
