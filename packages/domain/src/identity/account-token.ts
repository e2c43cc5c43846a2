import { digestSecret, randomSecret } from './secret-digest';

/**
 * What an account token proves, and the prefix it travels with: `evt_` is an event id, so
 * verification tokens are `ve_` and password-reset tokens `pr_`. A token pasted into the wrong
 * form is refused by its shape, before any lookup.
 */
export const ACCOUNT_TOKEN_PREFIXES = {
  email_verification: 've',
  password_reset: 'pr',
} as const;

export type AccountTokenPurpose = keyof typeof ACCOUNT_TOKEN_PREFIXES;

/**
 * A single-use token sent by email: its prefix and 256 random bits, base64url. Only its SHA-256
 * is stored, so a copy of the database resets no password.
 */
export function newAccountToken(purpose: AccountTokenPurpose): string {
  return `${ACCOUNT_TOKEN_PREFIXES[purpose]}_${randomSecret()}`;
}

/** Whether `token` has the shape of a token for `purpose`. */
export function isAccountToken(token: string, purpose: AccountTokenPurpose): boolean {
  return new RegExp(`^${ACCOUNT_TOKEN_PREFIXES[purpose]}_[A-Za-z0-9_-]{43}$`).test(token);
}

export function hashAccountToken(token: string): Promise<string> {
  return digestSecret(token);
}
