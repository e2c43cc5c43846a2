import bindings from './integration-bindings.json' with { type: 'json' };

// Fixed test values, not secrets. vitest.config.ts hands integration-bindings.json to the Worker
// as bindings (a JSON file, so the config imports it with an extension Vite's loader is happy
// with); tests take the same values from here to sign deliveries and send keys.

export interface PartnerKey {
  partner: string;
  key: string;
  scopes: string[];
}

/**
 * The partner keys the suite's database holds (tests/setup/database.ts stores them, hashed, as
 * the admin API would), with their scopes.
 */
export const partnerKeys: PartnerKey[] = [
  { partner: 'test-pim', key: 'sk_test_pimPartnerKeyOfTheTestSuite0000000000000000', scopes: ['pim:write'] },
  { partner: 'test-wms', key: 'sk_test_wmsPartnerKeyOfTheTestSuite0000000000000000', scopes: ['wms:write'] },
  { partner: 'test-crm', key: 'sk_test_crmPartnerKeyOfTheTestSuite0000000000000000', scopes: ['crm:write'] },
  {
    partner: 'test-crm-reader',
    key: 'sk_test_crmReaderKeyOfTheTestSuite00000000000000000',
    scopes: ['crm:read'],
  },
];

function partnerKey(partner: string): string {
  const found = partnerKeys.find((entry) => entry.partner === partner);
  if (!found) throw new Error(`integration-bindings.json has no partner ${partner}`);
  return found.key;
}

export const testCredentials = {
  qstashCurrentSigningKey: bindings.QSTASH_CURRENT_SIGNING_KEY,
  qstashNextSigningKey: bindings.QSTASH_NEXT_SIGNING_KEY,
  /** The bootstrap key (BOOTSTRAP_ADMIN_KEY): every scope. */
  adminApiKey: bindings.BOOTSTRAP_ADMIN_KEY,
  /** A PIM partner allowed to write the catalog (`pim:write`). */
  pimPartnerKey: partnerKey('test-pim'),
  /** A partner whose key is valid but lacks `pim:write`. */
  readOnlyPartnerKey: partnerKey('test-wms'),
  /** The WMS partner, allowed to report stock levels (`wms:write`) and nothing else. */
  wmsPartnerKey: partnerKey('test-wms'),
  /** The CRM pushing profile changes and tickets (`crm:write`), and nothing else. */
  crmPartnerKey: partnerKey('test-crm'),
  /** The CRM reading order history (`crm:read`), and nothing else. */
  crmReaderKey: partnerKey('test-crm-reader'),
};

/**
 * The private half of `test-0`, the retired customer token key integration-bindings.json lists in
 * TOKEN_RETIRED_KEYS: tests sign with it what a token from before a key rotation looks like.
 */
export const retiredTokenKey = {
  kty: 'EC',
  crv: 'P-256',
  x: '4WUC7FV5vfkGlIL05K95tgS7mwXW5FajIzCgph5JTow',
  y: 'JJfcytXCOPD0kMtmYQZb3r3DIPfY9_wyi6XsuwzxL_U',
  d: 'ihEwOcW_uUoMY5HEG0oMgSD4PcKFE4jABwDfDaI4slY',
  kid: 'test-0',
} as const;

/** The current customer token signing key (`test-1`), parsed from the bindings. */
export const tokenSigningKey = JSON.parse(bindings.TOKEN_SIGNING_KEY) as typeof retiredTokenKey;
export const tokenIssuer = bindings.TOKEN_ISSUER;
