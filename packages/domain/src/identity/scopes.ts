/**
 * What an API key (and later an OAuth client) may do. `admin` is every other scope: operators
 * manage keys and the catalog with it, and only it may create keys, so no key can mint one
 * broader than its holder's.
 */
export const SCOPES = [
  'catalog:read',
  'pim:write',
  'wms:write',
  'crm:read',
  'crm:write',
  'orders:read',
  'orders:write',
  'admin',
] as const;

export type Scope = (typeof SCOPES)[number];

export function isScope(value: string): value is Scope {
  return (SCOPES as readonly string[]).includes(value);
}

/** Whether scopes `held` allow what `required` names: the scope itself, or `admin`. */
export function grants(held: readonly string[], required: Scope): boolean {
  return held.includes(required) || held.includes('admin');
}
