import { describe, expect, it } from 'vitest';
import { checkPromotion, type Promotion } from './promotions';

const now = new Date('2026-12-01T12:00:00Z');

function promotion(overrides: Partial<Promotion>): Promotion {
  return {
    id: 'promo_1',
    code: 'WINTER10',
    kind: 'percentage',
    percentOff: 1000,
    minimumSubtotal: null,
    startsAt: '2026-11-01T00:00:00Z',
    endsAt: '2027-01-01T00:00:00Z',
    usageLimit: 100,
    usageCount: 0,
    active: true,
    ...overrides,
  };
}

const cart = { now, currency: 'USD' as const, subtotal: 5000 };

describe('checkPromotion: codes that apply', () => {
  it('accepts an active code inside its window with uses left', () => {
    expect(checkPromotion(promotion({}), cart)).toEqual({ ok: true });
  });

  it('accepts a code with no window and no limit', () => {
    expect(
      checkPromotion(promotion({ startsAt: null, endsAt: null, usageLimit: null, usageCount: 10_000 }), cart),
    ).toEqual({ ok: true });
  });

  it('counts the start instant in and the end instant out', () => {
    expect(checkPromotion(promotion({ startsAt: now.toISOString() }), cart).ok).toBe(true);
    expect(checkPromotion(promotion({ endsAt: new Date(now.getTime() + 1).toISOString() }), cart).ok).toBe(
      true,
    );
  });

  it('accepts a subtotal exactly at the minimum, and a fixed amount in the cart’s currency', () => {
    const fixed = promotion({
      kind: 'fixed_amount',
      percentOff: undefined,
      amountOff: { amount: 1000, currency: 'USD' },
      minimumSubtotal: { amount: 5000, currency: 'USD' },
    });
    expect(checkPromotion(fixed, cart)).toEqual({ ok: true });
  });
});

describe('checkPromotion: codes that do not apply', () => {
  it('refuses an inactive code', () => {
    expect(checkPromotion(promotion({ active: false }), cart)).toEqual({
      ok: false,
      reason: 'promotion_inactive',
      detail: 'WINTER10 is not active',
    });
  });

  it('refuses a code before it starts', () => {
    expect(checkPromotion(promotion({ startsAt: '2026-12-01T12:00:00.001Z' }), cart)).toEqual({
      ok: false,
      reason: 'promotion_not_started',
      detail: 'WINTER10 is valid from 2026-12-01T12:00:00.001Z',
    });
  });

  it('refuses a code at and after its end', () => {
    expect(checkPromotion(promotion({ endsAt: now.toISOString() }), cart)).toMatchObject({
      ok: false,
      reason: 'promotion_expired',
    });
    expect(checkPromotion(promotion({ endsAt: '2026-11-30T00:00:00+01:00' }), cart)).toMatchObject({
      reason: 'promotion_expired',
    });
  });

  it('refuses a code used as often as its limit allows', () => {
    expect(checkPromotion(promotion({ usageLimit: 3, usageCount: 3 }), cart)).toMatchObject({
      reason: 'promotion_exhausted',
    });
    expect(checkPromotion(promotion({ usageLimit: 0, usageCount: 0 }), cart)).toMatchObject({
      reason: 'promotion_exhausted',
    });
    expect(checkPromotion(promotion({ usageLimit: 3, usageCount: 2 }), cart).ok).toBe(true);
  });

  it('refuses a subtotal below the minimum, saying how much is needed', () => {
    const minimum = promotion({ minimumSubtotal: { amount: 5001, currency: 'USD' } });
    expect(checkPromotion(minimum, cart)).toEqual({
      ok: false,
      reason: 'promotion_minimum_not_met',
      detail: 'WINTER10 needs a subtotal of at least 50.01 USD',
    });
    const inYen = promotion({ minimumSubtotal: { amount: 3000, currency: 'JPY' } });
    expect(checkPromotion(inYen, { now, currency: 'JPY', subtotal: 2999 })).toMatchObject({
      detail: 'WINTER10 needs a subtotal of at least 3000 JPY',
    });
    const small = promotion({ minimumSubtotal: { amount: 5, currency: 'EUR' } });
    expect(checkPromotion(small, { now, currency: 'EUR', subtotal: 4 })).toMatchObject({
      detail: 'WINTER10 needs a subtotal of at least 0.05 EUR',
    });
  });

  it('refuses a fixed amount or a minimum in another currency than the cart’s', () => {
    const fixedInEuros = promotion({ kind: 'fixed_amount', amountOff: { amount: 1000, currency: 'EUR' } });
    expect(checkPromotion(fixedInEuros, cart)).toEqual({
      ok: false,
      reason: 'promotion_currency_mismatch',
      detail: 'WINTER10 applies to EUR carts, not USD',
    });
    // Even with a subtotal that would pass in its own currency: 5000 EUR is not 5000 USD.
    const minimumInEuros = promotion({ minimumSubtotal: { amount: 100, currency: 'EUR' } });
    expect(checkPromotion(minimumInEuros, cart)).toMatchObject({ reason: 'promotion_currency_mismatch' });
  });

  it('gives the most fundamental reason when several hold', () => {
    const everythingWrong = promotion({
      active: false,
      endsAt: '2026-01-01T00:00:00Z',
      usageLimit: 1,
      usageCount: 1,
      minimumSubtotal: { amount: 1, currency: 'EUR' },
    });
    expect(checkPromotion(everythingWrong, cart)).toMatchObject({ reason: 'promotion_inactive' });
    expect(checkPromotion({ ...everythingWrong, active: true }, cart)).toMatchObject({
      reason: 'promotion_expired',
    });
    expect(checkPromotion({ ...everythingWrong, active: true, endsAt: null }, cart)).toMatchObject({
      reason: 'promotion_exhausted',
    });
  });

  it('throws on a promotion that breaks its own shape: a defect in the data, not the shopper’s doing', () => {
    for (const broken of [
      promotion({ percentOff: undefined }),
      promotion({ percentOff: 0 }),
      promotion({ percentOff: 10_001 }),
      promotion({ percentOff: 12.5 }),
      promotion({ kind: 'fixed_amount', amountOff: undefined }),
      promotion({ kind: 'fixed_amount', amountOff: { amount: -100, currency: 'USD' } }),
      promotion({ minimumSubtotal: { amount: 0.5, currency: 'USD' } }),
      promotion({ startsAt: 'next tuesday' }),
      promotion({ usageCount: -1 }),
      promotion({ usageLimit: 1.5 }),
    ]) {
      expect(() => checkPromotion(broken, cart), JSON.stringify(broken)).toThrow(RangeError);
    }
  });
});
