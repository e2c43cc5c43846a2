/**
 * Credentials the Worker suite runs with: fixed test values, not secrets. vitest.config.ts hands
 * them to the Worker as bindings; tests import them to sign deliveries and send keys.
 */
export const testCredentials = {
  qstashCurrentSigningKey: 'sig_test_current_7TqJ2m9XwLk4VbR8nYc3Hd',
  qstashNextSigningKey: 'sig_test_next_Pz6sWq1EaTg5UjN0rKf8Lb2',
  adminApiKey: 'sk_test_admin_4fJ9qL2xVb7mT0cR5wNz8hKd',
  /** A PIM partner allowed to write the catalog. */
  pimPartnerKey: 'pk_test_pim_Hq3Zr8Lm1Tx6Vc0Nb5Wy9Kd2Jf',
  /** A partner whose key is valid but lacks `pim:write`. */
  readOnlyPartnerKey: 'pk_test_wms_Ag7Yp2Ks9Fd4Rm0Ux5Tc1Lw8Qe',
} as const;

/** The Worker bindings carrying `testCredentials`. */
export const integrationBindings = {
  QSTASH_CURRENT_SIGNING_KEY: testCredentials.qstashCurrentSigningKey,
  QSTASH_NEXT_SIGNING_KEY: testCredentials.qstashNextSigningKey,
  ADMIN_API_KEY: testCredentials.adminApiKey,
  PARTNER_API_KEYS: JSON.stringify([
    { partner: 'test-pim', key: testCredentials.pimPartnerKey, scopes: ['pim:write'] },
    { partner: 'test-wms', key: testCredentials.readOnlyPartnerKey, scopes: ['wms:write'] },
  ]),
};
