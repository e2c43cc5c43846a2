import { describe, expect, it } from 'vitest';
import { SUPPORTED_COUNTRIES } from './countries';
import { createTableRateProvider, type ShippingRequest } from './shipping';
import { DEFAULT_SHIPPING_RATES, type ShippingRateTable } from './shipping-rates';

const provider = createTableRateProvider();

function request(overrides: Partial<ShippingRequest>): ShippingRequest {
  return {
    currency: 'USD',
    address: { country: 'US', region: 'CA' },
    subtotal: 2000,
    weightGrams: 500,
    itemCount: 1,
    ...overrides,
  };
}

describe('table rate shipping: the built-in table', () => {
  it('offers standard and express to a US address, cheapest first', () => {
    expect(provider.quote(request({}))).toEqual([
      { id: 'standard', name: 'Standard', amount: 599, currency: 'USD', minDays: 3, maxDays: 5 },
      { id: 'express', name: 'Express', amount: 1499, currency: 'USD', minDays: 1, maxDays: 2 },
    ]);
  });

  it('prices by weight band, the band’s limit included', () => {
    const standard = (weightGrams: number) => provider.quote(request({ weightGrams }))[0]?.amount;
    expect(standard(0)).toBe(599);
    expect(standard(1000)).toBe(599);
    expect(standard(1001)).toBe(999);
    expect(standard(20_000)).toBe(1999);
  });

  it('offers nothing for a parcel heavier than the last band', () => {
    expect(provider.quote(request({ weightGrams: 20_001 }))).toEqual([]);
  });

  it('makes standard shipping free from the currency’s threshold, and never express', () => {
    const below = provider.quote(request({ subtotal: 4999 }));
    expect(below.map((rate) => [rate.id, rate.amount])).toEqual([
      ['standard', 599],
      ['express', 1499],
    ]);
    const at = provider.quote(request({ subtotal: 5000 }));
    expect(at.map((rate) => [rate.id, rate.amount])).toEqual([
      ['standard', 0],
      ['express', 1499],
    ]);
  });

  it('gives Hawaii the remote zone’s prices, matching its region in any case', () => {
    const rates = provider.quote(request({ address: { country: 'us', region: 'hi' } }));
    expect(rates.map((rate) => [rate.id, rate.amount])).toEqual([
      ['standard', 1299],
      ['express', 2999],
    ]);
  });

  it('prices a zone in each currency it lists: GBP in Britain, EUR, SEK and more in the EU, yen in Japan', () => {
    expect(provider.quote(request({ currency: 'GBP', address: { country: 'GB' } }))[0]).toMatchObject({
      id: 'standard',
      amount: 399,
      currency: 'GBP',
    });
    expect(provider.quote(request({ currency: 'EUR', address: { country: 'DE' } }))[0]?.amount).toBe(499);
    expect(provider.quote(request({ currency: 'SEK', address: { country: 'SE' } }))[0]?.amount).toBe(5900);
    expect(
      provider.quote(request({ currency: 'JPY', address: { country: 'JP' }, subtotal: 9999 }))[0]?.amount,
    ).toBe(1500);
    expect(
      provider.quote(request({ currency: 'JPY', address: { country: 'JP' }, subtotal: 10_000 }))[0]?.amount,
    ).toBe(0);
  });

  it('offers nothing in a currency the table does not price there', () => {
    expect(provider.quote(request({ currency: 'CNY', address: { country: 'DE' } }))).toEqual([]);
    expect(provider.quote(request({ currency: 'GBP', address: { country: 'US', region: 'NY' } }))).toEqual(
      [],
    );
  });

  it('offers nothing to a destination in no zone', () => {
    expect(provider.quote(request({ address: { country: 'BR' } }))).toEqual([]);
    expect(provider.quote(request({ address: { country: 'toString' } }))).toEqual([]);
  });

  it('offers nothing for a cart with nothing to ship', () => {
    expect(provider.quote(request({ itemCount: 0, weightGrams: 0 }))).toEqual([]);
  });

  it('ships in some currency to every country the shop ships to', () => {
    const zoned = new Set(DEFAULT_SHIPPING_RATES.zones.flatMap((zone) => zone.destinations));
    for (const country of SUPPORTED_COUNTRIES) expect(zoned.has(country), country).toBe(true);
  });

  it('refuses requests with amounts or counts that are not whole', () => {
    expect(() => provider.quote(request({ subtotal: 10.5 }))).toThrow(RangeError);
    expect(() => provider.quote(request({ weightGrams: -1 }))).toThrow(RangeError);
    expect(() => provider.quote(request({ itemCount: 1.5 }))).toThrow(RangeError);
  });
});

describe('table rate shipping: other tables', () => {
  const method = (id: string, amount: number, maxDays: number) => ({
    id,
    name: id,
    minDays: 1,
    maxDays,
    bands: [{ maxGrams: 1000, amounts: { EUR: amount } }],
  });

  it('orders by price, equal prices by speed and then by id, whatever the table’s order', () => {
    const table: ShippingRateTable = {
      zones: [
        {
          id: 'z',
          destinations: ['FR'],
          methods: [
            method('a_slow', 500, 9),
            method('c', 500, 2),
            method('b', 500, 2),
            method('cheap', 400, 9),
          ],
        },
      ],
    };
    const rates = createTableRateProvider(table).quote(
      request({ currency: 'EUR', address: { country: 'FR' } }),
    );
    expect(rates.map((rate) => rate.id)).toEqual(['cheap', 'b', 'c', 'a_slow']);
  });

  it('refuses a table with a destination in two zones, duplicate ids, or bands out of order', () => {
    const zone = (id: string, destinations: string[], methods = [method('standard', 500, 3)]) => ({
      id,
      destinations,
      methods,
    });
    expect(() => createTableRateProvider({ zones: [zone('a', ['FR']), zone('b', ['fr'])] })).toThrow(
      /FR is in/,
    );
    expect(() => createTableRateProvider({ zones: [zone('a', ['FR']), zone('a', ['DE'])] })).toThrow(/twice/);
    expect(() =>
      createTableRateProvider({ zones: [zone('a', ['FR'], [method('x', 1, 2), method('x', 1, 2)])] }),
    ).toThrow(/twice/);
    const outOfOrder = {
      ...method('x', 1, 2),
      bands: [
        { maxGrams: 5000, amounts: { EUR: 900 } },
        { maxGrams: 1000, amounts: { EUR: 500 } },
      ],
    };
    expect(() => createTableRateProvider({ zones: [zone('a', ['FR'], [outOfOrder])] })).toThrow(
      /lightest first/,
    );
    const badAmount = { ...method('x', 1, 2), bands: [{ maxGrams: 1000, amounts: { EUR: 4.99 } }] };
    expect(() => createTableRateProvider({ zones: [zone('a', ['FR'], [badAmount])] })).toThrow(
      /invalid amount/,
    );
    const badDays = { ...method('x', 1, 2), minDays: 5, maxDays: 2 };
    expect(() => createTableRateProvider({ zones: [zone('a', ['FR'], [badDays])] })).toThrow(/days/);
  });
});
