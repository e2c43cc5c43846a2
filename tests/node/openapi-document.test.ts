import SwaggerParser from '@apidevtools/swagger-parser';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../workers/api/src/app';

// Runs in plain Node, not workerd: the route layer is Web-standard, so building the app and
// answering a request needs no Workers runtime. The database is never touched by this route.
const env = { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none', ENVIRONMENT: 'test', LOG_LEVEL: 'error' };

describe('the OpenAPI document', () => {
  it('is valid OpenAPI 3.1 by an independent validator', async () => {
    const response = await createApp().request('/openapi.json', {}, env);
    expect(response.status).toBe(200);
    const document = await response.json();
    await expect(
      SwaggerParser.validate(structuredClone(document) as Parameters<typeof SwaggerParser.validate>[0]),
    ).resolves.toBeDefined();
  });
});
