import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GENERATE_COMMAND, renderSchemaSource, SCHEMA_FILE } from './schema-source';

describe('the generated client types', () => {
  it('are what the routes generate now (the committed src/schema.ts is not stale)', async () => {
    const fresh = await renderSchemaSource();
    const committed = readFileSync(SCHEMA_FILE, 'utf8');
    expect(committed, `src/schema.ts is stale: run \`${GENERATE_COMMAND}\` and commit it`).toBe(fresh);
  });
});
