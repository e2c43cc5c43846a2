import { describe, expect, it } from 'vitest';
import { CatalogVersionState } from './catalog-version';

describe('CatalogVersionState', () => {
  it('trusts a version for checkMs from when its request was sent, then asks again', () => {
    const state = new CatalogVersionState();
    expect(state.trusted(1_000, 500)).toBeUndefined();
    state.confirm(7, 1_000);
    expect(state.trusted(1_499, 500)).toBe(7);
    expect(state.trusted(1_500, 500)).toBeUndefined();
    expect(state.trusted(1_000, 0)).toBeUndefined(); // 0: every read asks
  });

  it('does not let a slower answer to an older request replace a newer one', () => {
    const state = new CatalogVersionState();
    state.confirm(9, 2_000);
    expect(state.confirm(8, 1_900)).toEqual({ changed: false });
    expect(state.current).toBe(9);
    expect(state.trusted(2_100, 500)).toBe(9);
    expect(state.confirm(10, 2_050)).toEqual({ changed: true });
  });

  it('backs off Redis after a failure, doubling up to a cap; the version keeps only the rest of its trust', () => {
    const state = new CatalogVersionState();
    state.confirm(1, 0);
    state.redisFailed(1_000);
    expect(state.isRedisDown(1_499)).toBe(true);
    expect(state.isRedisDown(1_500)).toBe(false);
    expect(state.trusted(1_001, 2_000)).toBe(1);
    expect(state.trusted(2_000, 2_000)).toBeUndefined();
    state.redisFailed(2_000);
    expect(state.isRedisDown(2_999)).toBe(true);
    for (let i = 0; i < 10; i++) state.redisFailed(3_000);
    expect(state.isRedisDown(7_999)).toBe(true);
    expect(state.isRedisDown(8_000)).toBe(false);
    state.confirm(1, 9_000);
    expect(state.isRedisDown(9_000)).toBe(false);
    state.redisFailed(10_000);
    expect(state.isRedisDown(10_500)).toBe(false); // the backoff started over
  });

  it('after a lost bump, distrusts the shared layers until the version moves or the TTL passes', () => {
    const state = new CatalogVersionState();
    state.confirm(5, 0);
    state.bumpFailed(1_000, 300_000);
    expect(state.sharedLayersTrusted(2_000)).toBe(false);
    state.confirm(5, 3_000); // Redis still says 5: the bump really was lost
    expect(state.sharedLayersTrusted(3_000)).toBe(false);
    expect(state.sharedLayersTrusted(301_000)).toBe(true);
    state.bumpFailed(400_000, 300_000);
    state.confirm(6, 401_000); // someone's bump got through
    expect(state.sharedLayersTrusted(401_000)).toBe(true);
  });

  it('does not take the first version a fresh isolate sees as proof that its lost bump landed', () => {
    const state = new CatalogVersionState();
    state.bumpFailed(1_000, 300_000);
    expect(state.confirm(5, 2_000)).toEqual({ changed: true });
    expect(state.sharedLayersTrusted(2_000)).toBe(false);
  });

  it('asks for one background refresh once half the trust is spent, and not again while it runs', () => {
    const state = new CatalogVersionState();
    state.confirm(3, 1_000);
    expect(state.refreshDue(1_499, 1_000, 100)).toBe(false);
    expect(state.refreshDue(1_500, 1_000, 100)).toBe(true);
    state.refreshStarted(1_500);
    expect(state.refreshDue(1_550, 1_000, 100)).toBe(false);
    expect(state.refreshDue(1_601, 1_000, 100)).toBe(true); // that one must have ended by now
  });
});
