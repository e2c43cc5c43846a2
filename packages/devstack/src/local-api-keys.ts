import type { FixedApiKey } from './seed/api-keys';

/**
 * The partner keys of the local stack, stored by `npm start` (ADR 22) and printed in its map: a
 * local PIM, WMS and CRM can call at once. Fixed values, so scripts and notes keep working
 * across restarts; they open `sk_test_` deployments only, never production. Create more, or
 * revoke these, with `/v1/admin/api-keys` and the bootstrap key.
 */
export const LOCAL_API_KEYS: readonly FixedApiKey[] = [
  {
    name: 'Local PIM',
    holder: 'local-pim',
    scopes: ['pim:write'],
    key: 'sk_test_localPimKeyForTheDevStackOnly00000000000000',
  },
  {
    name: 'Local WMS',
    holder: 'local-wms',
    scopes: ['wms:write'],
    key: 'sk_test_localWmsKeyForTheDevStackOnly00000000000000',
  },
  {
    name: 'Local CRM',
    holder: 'local-crm',
    scopes: ['crm:write'],
    key: 'sk_test_localCrmKeyForTheDevStackOnly00000000000000',
  },
];
