import { describe, expect, it } from 'vitest';
import { apiKeyHint, apiKeyMode, hashApiKey, newApiKey } from './api-key';
import { grants } from './scopes';

describe('API keys', () => {
  it('are prefixed by mode, 256 bits each, and recognised only in that exact shape', () => {
    const live = newApiKey('live');
    const test = newApiKey('test');
    expect(live).toMatch(/^sk_live_[A-Za-z0-9_-]{43}$/);
    expect(apiKeyMode(live)).toBe('live');
    expect(apiKeyMode(test)).toBe('test');
    expect(newApiKey('live')).not.toBe(live);
    for (const other of [
      `${live}x`,
      live.slice(0, -1),
      live.replace('sk_live_', 'pk_live_'),
      `${live.slice(0, -1)}!`,
    ])
      expect(apiKeyMode(other)).toBeNull();
  });

  it('store as a digest and show only a hint', async () => {
    const key = newApiKey('test');
    const hash = await hashApiKey(key);
    expect(hash).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await hashApiKey(key)).toBe(hash);
    expect(hash).not.toContain(key.slice(8, 20));
    expect(apiKeyHint(key)).toBe(key.slice(0, 12));
  });
});

describe('scopes', () => {
  it('grant what they name, and admin grants everything', () => {
    expect(grants(['pim:write'], 'pim:write')).toBe(true);
    expect(grants(['pim:write'], 'wms:write')).toBe(false);
    expect(grants(['pim:write'], 'admin')).toBe(false);
    expect(grants(['admin'], 'wms:write')).toBe(true);
    expect(grants([], 'catalog:read')).toBe(false);
  });
});
