import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SUPPORTED_COUNTRIES } from './countries';
import { createRateTableTaxCalculator, type TaxRequest, taxContainedIn } from './tax';
import { DEFAULT_TAX_RATES } from './tax-rates';

const calculator = createRateTableTaxCalculator();

function request(overrides: Partial<TaxRequest>): TaxRequest {
  return {
    currency: 'USD',
    pricesIncludeTax: false,
    address: { country: 'US', region: 'CA' },
    lines: [{ id: 'line_1', amount: 1000 }],
    shipping: 0,
    ...overrides,
  };
}

describe('rate table tax: tax added on top', () => {
  it('taxes each line and the shipping at the state rate, rounding each half up once', () => {
    const quote = calculator.quote(
      request({
        lines: [
          { id: 'a', amount: 1000 }, // 72.5 → 73
          { id: 'b', amount: 1999 }, // 144.93 → 145
        ],
        shipping: 500, // 36.25 → 36
      }),
    );
    expect(quote).toEqual({
      lines: [
        { id: 'a', tax: 73, rate: 725 },
        { id: 'b', tax: 145, rate: 725 },
      ],
      shipping: { tax: 36, rate: 725 },
      total: 254,
    });
  });

  it('charges nothing in the states without sales tax', () => {
    for (const region of ['OR', 'MT', 'NH', 'DE', 'AK']) {
      const quote = calculator.quote(request({ address: { country: 'US', region }, shipping: 500 }));
      expect(quote.total, region).toBe(0);
      expect(quote.lines[0]?.rate).toBe(0);
    }
  });

  it('uses GST or HST by Canadian province', () => {
    const rateIn = (region: string) =>
      calculator.quote(request({ currency: 'CAD', address: { country: 'CA', region } })).lines[0]?.rate;
    expect(rateIn('ON')).toBe(1300);
    expect(rateIn('NS')).toBe(1400);
    expect(rateIn('AB')).toBe(500);
    expect(rateIn('BC')).toBe(500); // GST only: PST is not in the table
  });

  it('falls back to the country rate for a region it does not list, and reads regions in any case', () => {
    const quote = calculator.quote(request({ currency: 'CAD', address: { country: 'ca', region: 'on' } }));
    expect(quote.lines[0]).toEqual({ id: 'line_1', tax: 130, rate: 1300 });
    expect(calculator.quote(request({ address: { country: 'US', region: 'NJ' } })).total).toBe(0);
    expect(calculator.quote(request({ address: { country: 'US', region: 'toString' } })).total).toBe(0);
    expect(calculator.quote(request({ address: { country: 'US' } })).total).toBe(0);
  });

  it('works in whole yen', () => {
    const quote = calculator.quote(
      request({
        currency: 'JPY',
        address: { country: 'JP' },
        lines: [{ id: 'a', amount: 1234 }],
        shipping: 800,
      }),
    );
    expect(quote.lines[0]?.tax).toBe(123); // 123.4
    expect(quote.shipping.tax).toBe(80);
  });
});

describe('rate table tax: prices that include tax', () => {
  it('reports the tax contained in each price, not tax on top of it', () => {
    const quote = calculator.quote(
      request({
        currency: 'EUR',
        pricesIncludeTax: true,
        address: { country: 'DE' },
        lines: [
          { id: 'a', amount: 1190 }, // 1000 + 19 %
          { id: 'b', amount: 1999 }, // 1999 / 1.19 = 1679.83 → 1680, so 319 inside
        ],
        shipping: 595, // 500 + 95
      }),
    );
    expect(quote).toEqual({
      lines: [
        { id: 'a', tax: 190, rate: 1900 },
        { id: 'b', tax: 319, rate: 1900 },
      ],
      shipping: { tax: 95, rate: 1900 },
      total: 604,
    });
  });

  it('rounds the price before tax half up', () => {
    // 3 / 1.2 = 2.5 → 3, so no tax inside; rounding down would have said 1.
    expect(taxContainedIn(3, 2000)).toBe(0);
    expect(taxContainedIn(9, 2000)).toBe(1); // 7.5 → 8
    expect(taxContainedIn(1200, 2000)).toBe(200);
    expect(taxContainedIn(1200, 0)).toBe(0);
  });

  it('uses the destination’s rate: the same price contains less tax in Switzerland than in Norway', () => {
    const contained = (country: string) =>
      calculator.quote(request({ pricesIncludeTax: true, address: { country } })).lines[0]?.tax;
    expect(contained('CH')).toBe(75); // 1000 / 1.081 = 925.07 → 925
    expect(contained('NO')).toBe(200);
    expect(contained('FI')).toBe(203); // 25.5 %: 1000 / 1.255 = 796.81 → 797
  });
});

describe('rate table tax: tax codes', () => {
  it('applies a reduced rate where the destination lists the code, and the destination rate elsewhere', () => {
    const lines = [
      { id: 'book', amount: 1070, taxCode: 'books' },
      { id: 'mug', amount: 1190 },
    ];
    const inGermany = calculator.quote(
      request({ pricesIncludeTax: true, address: { country: 'DE' }, lines }),
    );
    expect(inGermany.lines).toEqual([
      { id: 'book', tax: 70, rate: 700 },
      { id: 'mug', tax: 190, rate: 1900 },
    ]);
    const inGreatBritain = calculator.quote(
      request({ pricesIncludeTax: true, address: { country: 'GB' }, lines }),
    );
    expect(inGreatBritain.lines[0]).toEqual({ id: 'book', tax: 0, rate: 0 });
    const inCalifornia = calculator.quote(request({ lines }));
    expect(inCalifornia.lines[0]?.rate).toBe(725);
  });

  it('never taxes an exempt line, and taxes an unknown code at the destination rate', () => {
    const quote = calculator.quote(
      request({
        address: { country: 'GB' },
        lines: [
          { id: 'gift_card', amount: 5000, taxCode: 'exempt' },
          { id: 'odd', amount: 1000, taxCode: 'toString' },
        ],
      }),
    );
    expect(quote.lines).toEqual([
      { id: 'gift_card', tax: 0, rate: 0 },
      { id: 'odd', tax: 200, rate: 2000 },
    ]);
  });
});

describe('rate table tax: no address, unknown destinations, other tables', () => {
  it('reports no tax before there is an address, whether prices include tax or not', () => {
    for (const pricesIncludeTax of [false, true]) {
      const quote = calculator.quote(request({ pricesIncludeTax, address: null, shipping: 500 }));
      expect(quote).toEqual({
        lines: [{ id: 'line_1', tax: 0, rate: 0 }],
        shipping: { tax: 0, rate: 0 },
        total: 0,
      });
    }
  });

  it('does not tax a destination the table does not list', () => {
    expect(calculator.quote(request({ address: { country: 'BR' }, shipping: 100 })).total).toBe(0);
  });

  it('leaves shipping untaxed where the table says so', () => {
    const custom = createRateTableTaxCalculator({ US: { standard: 500, taxShipping: false } });
    const quote = custom.quote(request({ address: { country: 'US', region: 'CA' }, shipping: 1000 }));
    expect(quote.shipping).toEqual({ tax: 0, rate: 0 });
    expect(quote.lines[0]?.tax).toBe(50);
  });

  it('refuses a table with rates that are not whole basis points from 0 to 10000', () => {
    expect(() => createRateTableTaxCalculator({ CA: { standard: 500, regions: { QC: 1497.5 } } })).toThrow(
      RangeError,
    );
    expect(() => createRateTableTaxCalculator({ XX: { standard: -1 } })).toThrow(RangeError);
    expect(() => createRateTableTaxCalculator({ XX: { standard: 10_001 } })).toThrow(RangeError);
    expect(() => createRateTableTaxCalculator({ XX: { standard: 0, taxCodes: { a: 0.1 } } })).toThrow(
      RangeError,
    );
  });

  it('refuses amounts that are not minor units', () => {
    expect(() => calculator.quote(request({ lines: [{ id: 'a', amount: 10.5 }] }))).toThrow(RangeError);
    expect(() => calculator.quote(request({ lines: [{ id: 'a', amount: -1 }] }))).toThrow(RangeError);
    expect(() => calculator.quote(request({ shipping: Number.NaN }))).toThrow(RangeError);
  });

  it('has a rate for every country the shop ships to', () => {
    for (const country of SUPPORTED_COUNTRIES) expect(DEFAULT_TAX_RATES[country], country).toBeDefined();
  });
});

describe('rate table tax: properties', () => {
  const countries = Object.keys(DEFAULT_TAX_RATES);
  it('sums per-line tax to the total; contained tax stays within the price; added tax is the rounded share', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...countries),
        fc.boolean(),
        fc.array(fc.integer({ min: 0, max: 1_000_000_000_000 }), { maxLength: 15 }),
        fc.integer({ min: 0, max: 1_000_000 }),
        (country, pricesIncludeTax, amounts, shipping) => {
          const lines = amounts.map((amount, index) => ({ id: `line_${index}`, amount }));
          const quote = calculator.quote(
            request({ pricesIncludeTax, address: { country }, lines, shipping }),
          );
          const lineTax = quote.lines.reduce((sum, line) => sum + line.tax, 0);
          expect(quote.total).toBe(lineTax + quote.shipping.tax);
          quote.lines.forEach((line, index) => {
            const amount = amounts[index] ?? 0;
            expect(Number.isSafeInteger(line.tax)).toBe(true);
            expect(line.tax).toBeGreaterThanOrEqual(0);
            // Exact rational check, in BigInt: |tax × 10000 − amount × rate| ≤ 5000 (within half a unit).
            const exactTimes10000 = pricesIncludeTax
              ? (BigInt(amount) * BigInt(line.rate) * 10_000n) / BigInt(10_000 + line.rate)
              : BigInt(amount) * BigInt(line.rate);
            const difference = BigInt(line.tax) * 10_000n - exactTimes10000;
            expect(difference <= 5_001n && difference >= -5_001n).toBe(true);
            if (pricesIncludeTax) expect(line.tax).toBeLessThanOrEqual(amount);
          });
        },
      ),
    );
  });
});
