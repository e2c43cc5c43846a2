import { exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';

interface Operation {
  operationId?: string;
  description?: string;
  parameters?: { name: string; in: string; required?: boolean; description?: string }[];
  security?: Record<string, string[]>[];
  requestBody?: { content: Record<string, { schema: { $ref?: string } }> };
  responses: Record<
    string,
    { headers?: Record<string, unknown>; content?: Record<string, { example?: unknown }> }
  >;
}

interface Document {
  paths: Record<string, Record<string, Operation>>;
  components: {
    securitySchemes: Record<
      string,
      { type: string; scheme?: string; in?: string; name?: string; description?: string }
    >;
    schemas: Record<string, { properties?: Record<string, { maxItems?: number }> }>;
  };
}

async function openApiDocument(): Promise<Document> {
  return (await exports.default.fetch('http://api.test/openapi.json')).json<Document>();
}

describe('the OpenAPI document describes how catalog writes authenticate', () => {
  it('declares the QStash signature and the API key schemes', async () => {
    const { components } = await openApiDocument();
    expect(components.securitySchemes).toMatchObject({
      qstashSignature: { type: 'apiKey', in: 'header', name: 'Upstash-Signature' },
      apiKey: { type: 'http', scheme: 'bearer' },
    });
  });

  it('requires a signature or a pim:write key on the PIM routes, an admin key on admin routes', async () => {
    const { paths } = await openApiDocument();
    const pim = Object.entries(paths).filter(([path]) => path.startsWith('/v1/integrations/pim/'));
    const admin = Object.entries(paths).filter(([path]) => path.startsWith('/v1/admin/'));
    expect(pim.map(([path]) => path).sort()).toEqual([
      '/v1/integrations/pim/prices',
      '/v1/integrations/pim/products',
    ]);
    expect(admin.length).toBeGreaterThanOrEqual(8);
    for (const [path, operations] of pim) {
      for (const operation of Object.values(operations)) {
        expect(operation.security, path).toEqual([
          { qstashSignature: [] },
          { apiKey: ['pim:write'] },
          { oauth2: ['pim:write'] },
        ]);
        expect(Object.keys(operation.responses), path).toEqual(
          expect.arrayContaining(['200', '401', '403', '413', '422']),
        );
      }
    }
    for (const [path, operations] of admin) {
      for (const operation of Object.values(operations)) {
        expect(operation.security, path).toEqual([{ apiKey: ['admin'] }, { oauth2: ['admin'] }]);
        expect(Object.keys(operation.responses), path).toContain('401');
      }
    }
  });

  it('documents that a QStash signature is good for the one message id it first came with (ADR 17)', async () => {
    const { paths, components } = await openApiDocument();
    expect(components.securitySchemes.qstashSignature?.description).toMatch(/one message id/);
    expect(paths['/v1/integrations/pim/products']?.post?.description).toMatch(
      /401 `unauthorized`[^)]*a signature replayed\s+under another `Upstash-Message-Id` than the one\s+it first came with/,
    );
    for (const path of ['/v1/integrations/pim/products', '/v1/integrations/pim/prices']) {
      const messageId = paths[path]?.post?.parameters?.find(
        (parameter) => parameter.name === 'upstash-message-id',
      );
      expect(messageId?.description, path).toMatch(/first message id it\s+came with only/);
    }
  });

  it('documents the batch size limit', async () => {
    const { components } = await openApiDocument();
    expect(components.schemas.PimProductBatch?.properties?.products?.maxItems).toBe(500);
    expect(components.schemas.PimPriceBatch?.properties?.prices?.maxItems).toBe(500);
  });

  it('documents the admin lists: pages, the status filter, their errors and an example', async () => {
    const { paths } = await openApiDocument();
    const products = paths['/v1/admin/products']?.get;
    const categories = paths['/v1/admin/categories']?.get;

    expect(products?.operationId).toBe('adminListProducts');
    expect(categories?.operationId).toBe('adminListCategories');
    expect(products?.parameters?.map((parameter) => parameter.name)).toEqual(['status', 'limit', 'cursor']);
    expect(categories?.parameters?.map((parameter) => parameter.name)).toEqual(['limit', 'cursor']);
    for (const operation of [products, categories]) {
      expect(Object.keys(operation?.responses ?? {})).toEqual(expect.arrayContaining(['200', '400', '401']));
      expect(operation?.description).toMatch(/invalid_cursor/);
      expect(operation?.description).toMatch(/cursor_mismatch/);
      const example = operation?.responses['200']?.content?.['application/json']?.example;
      expect(example).toHaveProperty('nextCursor');
      expect((example as { data?: unknown[] }).data).toHaveLength(1);
    }
  });

  it('documents If-Match on every admin PATCH and on setting prices, its 412, and the ETag of admin reads and changes', async () => {
    const { paths } = await openApiDocument();
    const patches = Object.entries(paths).flatMap(([path, operations]) =>
      path.startsWith('/v1/admin/') && operations.patch ? [[path, operations.patch] as const] : [],
    );
    expect(patches.map(([path]) => path).sort()).toEqual([
      '/v1/admin/categories/{categoryId}',
      '/v1/admin/products/{productId}',
      '/v1/admin/promotions/{promotionId}',
      '/v1/admin/variants/{variantId}',
    ]);
    const setPrices = paths['/v1/admin/variants/{variantId}/prices']?.post;
    expect(setPrices?.operationId).toBe('adminSetPrices');
    // Each change, named in failures, with the path whose GET answers the ETag it is checked against.
    const changes = [
      ...patches.map(([path, patch]) => [`PATCH ${path}`, path, patch] as const),
      ['POST /v1/admin/variants/{variantId}/prices', '/v1/admin/variants/{variantId}', setPrices] as const,
    ];
    for (const [name, readPath, change] of changes) {
      if (!change) throw new Error(`${name}: not documented`);
      expect(change.parameters, name).toContainEqual(
        expect.objectContaining({ name: 'if-match', in: 'header', required: false }),
      );
      expect(Object.keys(change.responses), name).toContain('412');
      expect(change.description, name).toMatch(/precondition_failed/);
      expect(change.responses['200']?.headers, name).toHaveProperty('ETag');
      expect(paths[readPath]?.get?.responses['200']?.headers, name).toHaveProperty('ETag');
    }
  });
});
