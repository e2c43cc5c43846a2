import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  CREDENTIAL_VARIABLES,
  credentialVarsToPass,
  type LocalCredentials,
  readLocalCredentials,
} from './local-credentials';
import { formatLocalStackMap } from './local-map';
import { REPOSITORY_ROOT } from './stack';

const EXAMPLE = join(REPOSITORY_ROOT, '.dev.vars.example');
const exampleLines = readFileSync(EXAMPLE, 'utf8').split('\n');

// A folder holding the repository's .dev.vars.example and whatever else a test writes, so that a
// developer's own .dev.vars in the checkout never changes what these tests see.
const folders: string[] = [];
function folderWith(files: Record<string, string> = {}): string {
  const folder = mkdtempSync(join(tmpdir(), 'local-credentials-'));
  folders.push(folder);
  copyFileSync(EXAMPLE, join(folder, '.dev.vars.example'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(folder, name), text);
  return folder;
}
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

const read = (root: string, environment: Record<string, string> = {}) =>
  readLocalCredentials({ root, environment });

describe('local credentials', () => {
  it('are the values .dev.vars.example documents, line for line, all passed to wrangler dev', () => {
    const credentials = read(folderWith());
    for (const name of CREDENTIAL_VARIABLES) {
      // JSON values (the token signing key) are single-quoted in the file, as dotenv reads them.
      const value = credentials.variables[name];
      expect(exampleLines, name).toEqual(
        expect.arrayContaining([expect.toBeOneOf([`${name}=${value}`, `${name}='${value}'`])]),
      );
    }
    expect(credentials.overridden).toEqual([]);
    expect(credentialVarsToPass(credentials)).toEqual(
      CREDENTIAL_VARIABLES.map((name) => [name, credentials.variables[name]]),
    );
  });

  it('hold one stored partner key per integration scope (pim:write, wms:write, crm:write), each distinct', () => {
    const { partnerKeys, bootstrapKey } = read(folderWith());
    expect(partnerKeys.map((entry) => entry.scopes)).toEqual([['pim:write'], ['wms:write'], ['crm:write']]);
    for (const { key } of partnerKeys) expect(key).toMatch(/^sk_test_[A-Za-z0-9_-]{43}$/);
    const keys = [bootstrapKey, ...partnerKeys.map((entry) => entry.key)];
    expect(new Set(keys).size).toBe(keys.length);
  });

  it("leave to the developer's .dev.vars what it sets: not passed (--var would win), its value reported", () => {
    const own = 'sk_my_own_admin_key_0123456789abcdef';
    const credentials = read(
      folderWith({ '.dev.vars': `# mine\nBOOTSTRAP_ADMIN_KEY="${own}"\nLOG_LEVEL=debug\n` }),
    );
    expect(credentials.bootstrapKey).toBe(own);
    expect(credentials.overridden).toEqual(['BOOTSTRAP_ADMIN_KEY']);
    expect(credentialVarsToPass(credentials).map(([name]) => name)).toEqual([
      'TOKEN_SIGNING_KEY',
      'QSTASH_CURRENT_SIGNING_KEY',
      'QSTASH_NEXT_SIGNING_KEY',
      'RESEND_API_KEY',
      'STRIPE_SECRET_KEY',
      'STRIPE_WEBHOOK_SECRET',
      'ORDER_NUMBER_KEY',
      'STOREFRONT_ORIGINS',
    ]);
  });

  it('read .env and .env.local like wrangler dev: only without a .dev.vars, and not when told not to', () => {
    const dotEnv = {
      '.env': 'QSTASH_NEXT_SIGNING_KEY=sig_mine\nBOOTSTRAP_ADMIN_KEY=a\n',
      '.env.local': 'BOOTSTRAP_ADMIN_KEY=b\n',
    };
    const fromDotEnv = read(folderWith(dotEnv));
    expect(fromDotEnv.overridden).toEqual(['BOOTSTRAP_ADMIN_KEY', 'QSTASH_NEXT_SIGNING_KEY']);
    expect(fromDotEnv.bootstrapKey).toBe('b');
    expect(read(folderWith({ ...dotEnv, '.dev.vars': 'LOG_LEVEL=debug\n' })).overridden).toEqual([]);
    expect(read(folderWith(dotEnv), { CLOUDFLARE_LOAD_DEV_VARS_FROM_DOT_ENV: 'false' }).overridden).toEqual(
      [],
    );
  });

  it('refuse an example without a credential, naming it', () => {
    const root = folderWith();
    const text = readFileSync(join(root, '.dev.vars.example'), 'utf8');
    writeFileSync(join(root, '.dev.vars.example'), text.replace(/^QSTASH_NEXT_SIGNING_KEY=.*$/m, ''));
    expect(() => read(root)).toThrow('.dev.vars.example must set QSTASH_NEXT_SIGNING_KEY');
  });
});

describe('the local map', () => {
  const map = (credentials: LocalCredentials) =>
    formatLocalStackMap({
      apiOrigin: 'http://127.0.0.1:8787',
      postgres: 'postgres://postgres@127.0.0.1:55432/postgres',
      wsProxy: '127.0.0.1:55433/v1',
      redis: 'http://127.0.0.1:55434',
      mail: 'http://127.0.0.1:55435    (Resend stand-in)',
      payments: 'http://127.0.0.1:55436    (Stripe stand-in)',
      events: [
        'http://127.0.0.1:55437    (QStash stand-in)',
        'http://127.0.0.1:55438/    what each partner received',
      ],
      credentials,
    });

  it('prints every credential: the admin key, each partner key with its partner and scopes, both QStash keys', () => {
    const credentials = read(folderWith());
    const printed = map(credentials);
    expect(printed).toContain(credentials.bootstrapKey);
    for (const { key, holder, scopes } of credentials.partnerKeys) {
      expect(printed).toMatch(new RegExp(`${key} +${holder} +${scopes.join(', ')}`));
    }
    expect(printed).toContain(credentials.qstashCurrentSigningKey);
    expect(printed).toContain(credentials.qstashNextSigningKey);
    expect(printed).toContain('npm run -s qstash:sign -- http://127.0.0.1:8787/v1/integrations/pim/products');
    expect(printed).toContain(`curl -H 'Authorization: Bearer ${credentials.bootstrapKey}'`);
    expect(printed).toMatch(/mail +http:\/\/127\.0\.0\.1:55435 +\(Resend stand-in\)/);
    expect(printed).toMatch(/payments +http:\/\/127\.0\.0\.1:55436 +\(Stripe stand-in\)/);
    expect(printed).toMatch(
      /events +http:\/\/127\.0\.0\.1:55437 +\(QStash stand-in\)\n +http:\/\/127\.0\.0\.1:55438\//,
    );
    expect(printed).toContain(credentials.variables.STRIPE_SECRET_KEY);
    expect(printed).toContain(credentials.variables.STRIPE_WEBHOOK_SECRET);
    expect(printed).toContain('http://127.0.0.1:8787/v1/integrations/stripe/webhooks');
  });

  it('says which credentials come from the developer’s own file', () => {
    const printed = map(read(folderWith({ '.dev.vars': 'QSTASH_NEXT_SIGNING_KEY=sig_mine\n' })));
    expect(printed).toMatch(/next +sig_mine +\(from \.dev\.vars\)/);
    expect(printed).not.toMatch(/current .*\(from/);
  });
});
