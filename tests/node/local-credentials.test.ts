import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPOSITORY_ROOT, readDotenvFile, readLocalCredentials } from '@edge-commerce/devstack';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigSchema } from '../../workers/api/src/config';

// The values `npm start` gives the Worker must be ones the Worker accepts: checked here against
// its own ConfigSchema, so a key shortened in .dev.vars.example fails a test, not a newcomer.

const EXAMPLE = join(REPOSITORY_ROOT, '.dev.vars.example');
// The example alone, away from any .dev.vars a developer keeps in the checkout.
const folder = mkdtempSync(join(tmpdir(), 'local-credentials-config-'));
copyFileSync(EXAMPLE, join(folder, '.dev.vars.example'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('the local credentials of .dev.vars.example', () => {
  const credentials = readLocalCredentials({ root: folder, environment: {} });
  const example = readDotenvFile(EXAMPLE) ?? {};

  it("satisfy the Worker's ConfigSchema, and the Worker reads them as the map prints them", () => {
    const parsed = ConfigSchema.safeParse({
      DATABASE_URL: example.DATABASE_URL,
      ENVIRONMENT: 'development',
      ...credentials.variables,
    });
    expect(parsed.error?.issues ?? []).toEqual([]);
    expect(parsed.data).toMatchObject({
      BOOTSTRAP_ADMIN_KEY: credentials.bootstrapKey,
      QSTASH_CURRENT_SIGNING_KEY: credentials.qstashCurrentSigningKey,
      QSTASH_NEXT_SIGNING_KEY: credentials.qstashNextSigningKey,
    });
  });

  it('give partners stored keys a test deployment accepts, never Worker variables', () => {
    for (const { key } of credentials.partnerKeys) expect(key).toMatch(/^sk_test_[A-Za-z0-9_-]{43}$/);
    expect(Object.keys(example)).not.toContain('PARTNER_API_KEYS');
  });

  it('are part of a file the Worker accepts whole', () => {
    expect(ConfigSchema.safeParse(example).error?.issues ?? []).toEqual([]);
  });
});
