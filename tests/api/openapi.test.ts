import { exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';

const api = (path: string) => exports.default.fetch(`http://api.test${path}`);

interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string };
  paths: Record<
    string,
    Record<
      string,
      {
        summary?: string;
        security?: unknown[];
        responses: Record<string, { content?: Record<string, unknown> }>;
      }
    >
  >;
}

describe('GET /openapi.json', () => {
  it('is an OpenAPI 3.1 document listing every /v1 route with its errors', async () => {
    const response = await api('/openapi.json');
    expect(response.status).toBe(200);
    const document = await response.json<OpenApiDocument>();
    expect(document.openapi).toBe('3.1.0');
    expect(document.info.title).toBe('edge-commerce API');

    const health = document.paths['/v1/health']?.get;
    expect(health?.summary).toEqual(expect.any(String));
    expect(health?.security).toEqual([]);
    expect(Object.keys(health?.responses ?? {})).toEqual(
      expect.arrayContaining(['200', '400', '500', '503']),
    );
    expect(health?.responses['503']?.content).toHaveProperty(['application/problem+json']);

    for (const [path, operations] of Object.entries(document.paths)) {
      // Versioned paths, and the one well-known location (RFC 8615) verifiers look for keys at.
      expect(path).toMatch(/^\/v1\/|^\/\.well-known\/jwks\.json$/);
      for (const operation of Object.values(operations)) {
        expect(operation.summary, path).toEqual(expect.any(String));
        expect(
          Object.keys(operation.responses).some((status) => status >= '400'),
          path,
        ).toBe(true);
      }
    }
  });
});

describe('GET /docs', () => {
  it('serves an interactive reference page for the document', async () => {
    const response = await api('/docs');
    expect(response.status).toBe(200);
    expect(response.headers.get('Content-Type')).toMatch(/^text\/html/);
    const html = await response.text();
    expect(html).toContain('/openapi.json');
  });
});
