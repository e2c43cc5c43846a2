import { describe, expect, it } from 'vitest';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, passwordProblem } from './password-policy';

describe('passwordProblem', () => {
  it('takes long passphrases of any characters, with no composition rules', () => {
    for (const password of ['correct horse battery staple', 'zzzzzzzz', 'пароль-из-слов', '🔑🔑🔑🔑🔑🔑🔑🔑'])
      expect(passwordProblem(password, 'ada@example.com'), password).toBeUndefined();
  });

  it('counts characters, not UTF-16 units', () => {
    expect(passwordProblem('🔑'.repeat(PASSWORD_MIN_LENGTH - 1), 'ada@example.com')).toMatch(/at least/);
    expect(passwordProblem('🔑'.repeat(PASSWORD_MAX_LENGTH), 'ada@example.com')).toBeUndefined();
    expect(passwordProblem('x'.repeat(PASSWORD_MAX_LENGTH + 1), 'ada@example.com')).toMatch(/at most/);
  });

  it('refuses the most common passwords in any case, and the email or its name', () => {
    expect(passwordProblem('Password123', 'ada@example.com')).toMatch(/most common/);
    expect(passwordProblem('QWERTYUIOP', 'ada@example.com')).toMatch(/most common/);
    expect(passwordProblem('Ada@Example.com', 'ada@example.com')).toMatch(/email/);
    expect(passwordProblem('lovelace', 'lovelace@example.com')).toMatch(/email/);
  });
});
