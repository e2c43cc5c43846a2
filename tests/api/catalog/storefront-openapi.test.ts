import { describe, expect, it } from 'vitest';
import { storefrontGet } from './storefront-fixtures';

// The storefront routes as a client generator sees them: public, documented, with examples.

interface Operation {
  summary?: string;
  description?: string;
  security?: unknown[];
  parameters?: { name: string; in: string; description?: string }[];
  responses: Record<
    string,
    { headers?: Record<string, unknown>; content?: Record<string, { example?: unknown; schema?: unknown }> }
  >;
}

const ROUTES = {
  '/v1/products': [400, 503],
  '/v1/products/{handle}': [400, 404, 503],
  '/v1/categories': [400, 503],
  '/v1/collections/{handle}': [400, 404, 503],
} as const;

describe('storefront routes in /openapi.json', () => {
  it.each(Object.entries(ROUTES))('%s is public, documented and shows its errors', async (path, problems) => {
    const document = (await (await storefrontGet('/openapi.json')).json()) as {
      paths: Record<string, { get?: Operation }>;
    };
    const operation = document.paths[path]?.get;
    expect(operation, path).toBeDefined();
    if (!operation) return;
    expect(operation.security).toEqual([]);
    expect(operation.summary).toEqual(expect.any(String));
    expect(operation.description).toContain('**Errors**');
    expect(operation.responses['200']?.content?.['application/json']?.example).toBeDefined();
    expect(operation.responses['200']?.headers).toHaveProperty('ETag');
    expect(operation.responses['304']).toBeDefined();
    for (const status of problems) {
      expect(operation.responses[String(status)]?.content, `${path} ${status}`).toHaveProperty([
        'application/problem+json',
      ]);
    }
  });

  it('documents every product list parameter and the option filter syntax', async () => {
    const document = (await (await storefrontGet('/openapi.json')).json()) as {
      paths: Record<string, { get?: Operation }>;
    };
    const operation = document.paths['/v1/products']?.get;
    const names = operation?.parameters?.map((parameter) => parameter.name).sort();
    expect(names).toEqual(
      [
        'available',
        'category',
        'collection',
        'currency',
        'cursor',
        'limit',
        'market',
        'maxPrice',
        'minPrice',
        'q',
        'sort',
        'tag',
      ].sort(),
    );
    for (const parameter of operation?.parameters ?? [])
      expect(parameter.description, parameter.name).toBeTruthy();
    expect(operation?.description).toContain('option.<name>=<value>');
    for (const code of ['invalid_cursor', 'cursor_mismatch', 'unsupported_currency', 'unknown_market']) {
      expect(operation?.description).toContain(code);
    }
  });
});
