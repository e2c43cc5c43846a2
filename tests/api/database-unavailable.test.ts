import { env } from 'cloudflare:workers';
import { describe, it } from 'vitest';
import { createApp } from '../../workers/api/src/app';
import { testCredentials } from '../setup/integration-credentials';
import { productItem } from './catalog/pim-fixtures';
import { expectProblem } from './problem-assertions';

// The same Worker and driver, pointed at a port nothing listens on, with no cache in front: every
// route that needs the database answers 503 with Retry-After, reads and writes alike, never 500.
const deadDatabase = {
  ...env,
  DATABASE_URL: 'postgres://postgres@127.0.0.1:1/postgres',
  UPSTASH_REDIS_REST_URL: undefined,
  UPSTASH_REDIS_REST_TOKEN: undefined,
};

const admin = { Authorization: `Bearer ${testCredentials.adminApiKey}` };
const json = { 'Content-Type': 'application/json' };
const someId = (prefix: string) => `${prefix}_01jd7x6q2n8v0c4r5s6t7u8v9w`;

const requests: [string, string, RequestInit][] = [
  ['storefront list', '/v1/products', {}],
  ['storefront product', '/v1/products/some-tee', {}],
  ['storefront categories', '/v1/categories', {}],
  ['storefront collection', '/v1/collections/summer', {}],
  ['admin product', `/v1/admin/products/${someId('prod')}`, { headers: admin }],
  ['admin product list', '/v1/admin/products', { headers: admin }],
  [
    'admin product update',
    `/v1/admin/products/${someId('prod')}`,
    { method: 'PATCH', headers: { ...admin, ...json }, body: JSON.stringify({ title: 'Renamed' }) },
  ],
  [
    'PIM product batch',
    '/v1/integrations/pim/products',
    {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${testCredentials.pimPartnerKey}`,
        'Idempotency-Key': crypto.randomUUID(),
        ...json,
      },
      body: JSON.stringify({ products: [productItem('dead-database-tee', 1)] }),
    },
  ],
];

describe('503 database_unavailable', () => {
  it.each(requests)('%s answers 503 when the database is down', async (_name, path, init) => {
    const response = await createApp().request(path, init, deadDatabase);
    await expectProblem(response, 503, 'database_unavailable');
  });
});
