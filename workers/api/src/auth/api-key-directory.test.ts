import { describe, expect, it } from 'vitest';
import { API_KEY_TRUST_MS, ApiKeyDirectory, LAST_USED_GAP_SECONDS } from './api-key-directory';

const key = (overrides: Partial<{ expiresAt: number | null; lastUsedAt: number | null }> = {}) => ({
  id: 'key_01jd8c4r7t2n9v5x3q6w8y0z1a',
  holder: 'acme-pim',
  mode: 'test' as const,
  scopes: ['pim:write'],
  expiresAt: null,
  lastUsedAt: null,
  ...overrides,
});

describe('ApiKeyDirectory', () => {
  it('reads a key once while it trusts it, unknown hashes included', async () => {
    const directory = new ApiKeyDirectory();
    let reads = 0;
    const load = async () => {
      reads++;
      return key();
    };
    const none = async () => {
      reads++;
      return undefined;
    };
    expect(await directory.find('a', load, 1_000)).toMatchObject({ holder: 'acme-pim' });
    expect(await directory.find('a', load, 1_000 + API_KEY_TRUST_MS - 1)).not.toBeNull();
    expect(await directory.find('b', none, 1_000)).toBeNull();
    expect(await directory.find('b', none, 2_000)).toBeNull();
    expect(reads).toBe(2);
    // Past the trust window, and after being forgotten, it asks again.
    await directory.find('a', load, 1_000 + API_KEY_TRUST_MS);
    directory.forget('b');
    await directory.find('b', none, 2_000);
    expect(reads).toBe(4);
  });

  it('stops honouring a trusted key at its own deadline', async () => {
    const directory = new ApiKeyDirectory();
    await directory.find('a', async () => key({ expiresAt: 5_000 }), 1_000);
    expect(directory.peek('a', 4_999)).not.toBeNull();
    expect(directory.peek('a', 5_000)).toBeNull();
    expect(directory.peek('never-read', 1_000)).toBeUndefined();
  });

  it('asks for a key’s use to be recorded at most once per gap, counting the stored stamp', () => {
    const directory = new ApiKeyDirectory();
    const gap = LAST_USED_GAP_SECONDS * 1000;
    const fresh = key();
    expect(directory.shouldRecordUse(fresh, gap)).toBe(true);
    expect(directory.shouldRecordUse(fresh, gap + 1)).toBe(false);
    expect(directory.shouldRecordUse(fresh, 2 * gap - 1)).toBe(false);
    expect(directory.shouldRecordUse(fresh, 2 * gap)).toBe(true);
    // Another isolate wrote a minute ago: this one waits for the rest of the gap.
    const recent = key({ lastUsedAt: 10 * gap - 60_000 });
    expect(new ApiKeyDirectory().shouldRecordUse(recent, 10 * gap)).toBe(false);
  });
});
