import { describe, expect, it } from 'vitest';
import { matchesGlob } from './glob-pattern';

describe('matchesGlob (Redis glob patterns for KEYS and SCAN MATCH)', () => {
  it.each([
    ['*', '', true],
    ['*', 'anything', true],
    ['rl:*', 'rl:user:1', true],
    ['rl:*', 'xrl:user', false],
    ['rl:*:1', 'rl:user:1', true],
    ['rl:*:1', 'rl:user:12', false],
    ['*a*b*c', 'xxaxxbxxc', true],
    ['*a*b*c', 'xxaxxcxxb', false],
    ['h?llo', 'hello', true],
    ['h?llo', 'hllo', false],
    ['h[ae]llo', 'hallo', true],
    ['h[ae]llo', 'hillo', false],
    ['h[^e]llo', 'hallo', true],
    ['h[^e]llo', 'hello', false],
    ['h[a-c]llo', 'hbllo', true],
    ['h[c-a]llo', 'hbllo', true],
    ['h[a-c]llo', 'hdllo', false],
    ['h\\*llo', 'h*llo', true],
    ['h\\*llo', 'hallo', false],
    ['[\\]]', ']', true],
    ['a[bc', 'ab', true],
    ['?', 'é', false],
    ['??', 'é', true],
  ])('%s against %s: %s', (pattern, text, expected) => {
    expect(matchesGlob(pattern, text)).toBe(expected);
  });
});
