/**
 * What a new password must be (NIST SP 800-63B §3.1.1.2): long enough, not absurdly long, and not
 * one that attackers try first. No composition rules (a digit, a symbol): they make passwords
 * harder to remember without making them harder to guess.
 */
export const PASSWORD_MIN_LENGTH = 8;
/** Long passphrases are welcome; past this a body is an attempt to make the KDF work on megabytes. */
export const PASSWORD_MAX_LENGTH = 256;

// The most used passwords of 8 characters or more in public breach corpora: the first ones any
// credential-stuffing list tries. Compared lower-cased.
const COMMON_PASSWORDS = new Set([
  '12345678',
  '123456789',
  '1234567890',
  '12345678910',
  '87654321',
  '11111111',
  '00000000',
  '88888888',
  '123123123',
  '147258369',
  '987654321',
  'password',
  'password1',
  'password12',
  'password123',
  'passw0rd',
  'p@ssw0rd',
  'qwertyuiop',
  'qwerty123',
  'qwerty12345',
  '1q2w3e4r',
  '1q2w3e4r5t',
  '1qaz2wsx',
  'zaq12wsx',
  'abcd1234',
  'abc12345',
  'aa123456',
  'iloveyou',
  'iloveyou1',
  'sunshine',
  'princess',
  'football',
  'baseball',
  'whatever',
  'trustno1',
  'letmein1',
  'welcome1',
  'welcome123',
  'superman',
  'starwars',
  'computer',
  'michelle',
  'jennifer',
  'liverpool',
  'asdfghjkl',
  'changeme',
  'admin123',
  'administrator',
]);

/** Why `password` cannot be a new password for `email`, or undefined if it can. */
export function passwordProblem(password: string, email: string): string | undefined {
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) return `must be at least ${PASSWORD_MIN_LENGTH} characters`;
  if (length > PASSWORD_MAX_LENGTH) return `must be at most ${PASSWORD_MAX_LENGTH} characters`;
  const lowered = password.toLowerCase();
  if (COMMON_PASSWORDS.has(lowered)) return 'is one of the most common passwords; choose another';
  const localPart = email.split('@')[0]?.toLowerCase() ?? '';
  if (lowered === email.toLowerCase() || (localPart.length >= 4 && lowered === localPart))
    return 'must not be the email address';
  return undefined;
}
