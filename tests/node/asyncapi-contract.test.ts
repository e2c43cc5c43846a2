import { Document, Spectral } from '@stoplight/spectral-core';
import { Json } from '@stoplight/spectral-parsers';
import { asyncapi } from '@stoplight/spectral-rulesets';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../workers/api/src/app';

// The events' contract gate, beside openapi-contract.test.ts: /asyncapi.json passes Spectral's
// AsyncAPI ruleset, whose document rules validate it, before and after resolving every $ref,
// against the official AsyncAPI 3.0.0 JSON Schema. Errors fail; warnings are only printed.

const env = { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none', ENVIRONMENT: 'test', LOG_LEVEL: 'error' };

describe('the AsyncAPI document', () => {
  it('has no Spectral errors under the AsyncAPI ruleset', async () => {
    const response = await createApp().request('/asyncapi.json', {}, env);
    expect(response.status).toBe(200);
    const spectral = new Spectral();
    spectral.setRuleset({ extends: [[asyncapi, 'recommended']] } as never);
    const results = await spectral.run(new Document(await response.text(), Json, 'asyncapi.json'));
    const said = (result: (typeof results)[number]) =>
      `${result.code} at ${result.path.join('.')}: ${result.message}`;
    const warnings = results.filter((result) => result.severity !== 0);
    if (warnings.length > 0) console.log(warnings.map(said).join('\n'));
    expect(results.filter((result) => result.severity === 0).map(said)).toEqual([]);
    // Spectral is slow on two loaded cores (openapi-contract.test.ts).
  }, 90_000);
});
