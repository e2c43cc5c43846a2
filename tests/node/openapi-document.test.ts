import SwaggerParser from '@apidevtools/swagger-parser';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../workers/api/src/app';

// Runs in plain Node, not workerd: the route layer is Web-standard, so building the app and
// answering a request needs no Workers runtime. The database is never touched by this route.
const env = { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none', ENVIRONMENT: 'test', LOG_LEVEL: 'error' };

interface Document {
  components: { schemas: Record<string, { properties?: Record<string, unknown> }> };
}

/** Every schema object of the document, with its JSON pointer. */
function* schemaObjects(node: unknown, pointer = ''): Generator<[string, Record<string, unknown>]> {
  if (typeof node !== 'object' || node === null) return;
  if (!Array.isArray(node)) yield [pointer, node as Record<string, unknown>];
  for (const [key, child] of Object.entries(node)) yield* schemaObjects(child, `${pointer}/${key}`);
}

describe('the OpenAPI document', () => {
  it('is valid OpenAPI 3.1 by an independent validator', async () => {
    const response = await createApp().request('/openapi.json', {}, env);
    expect(response.status).toBe(200);
    const document = await response.json();
    await expect(
      SwaggerParser.validate(structuredClone(document) as Parameters<typeof SwaggerParser.validate>[0]),
    ).resolves.toBeDefined();
  });

  it('says which referenced schemas may be null, in a form that null satisfies', async () => {
    const response = await createApp().request('/openapi.json', {}, env);
    const document = (await response.json()) as Document;
    // `allOf: [$ref, { type: [..., 'null'] }]` reads as nullable but rejects null: every member
    // of an allOf must hold, and the referenced object schema never admits null.
    const unsatisfiable = [...schemaObjects(document)]
      .filter(([, schema]) => Array.isArray(schema.allOf))
      .filter(([, schema]) =>
        (schema.allOf as Record<string, unknown>[]).some(
          (member) => Array.isArray(member.type) && member.type.includes('null'),
        ),
      )
      .map(([pointer]) => pointer);
    expect(unsatisfiable).toEqual([]);

    const { schemas } = document.components;
    const nullableReferences = {
      Variant: ['price', 'compareAtPrice'],
      Product: ['priceRange'],
      ProductSummary: ['compareAtPriceRange', 'featuredImage'],
      ProductList: ['facets'],
    };
    for (const [schema, properties] of Object.entries(nullableReferences)) {
      for (const property of properties) {
        expect(schemas[schema]?.properties?.[property], `${schema}.${property}`).toMatchObject({
          anyOf: [{ $ref: expect.stringMatching(/^#\/components\/schemas\//) }, { type: 'null' }],
        });
      }
    }
  });
});
