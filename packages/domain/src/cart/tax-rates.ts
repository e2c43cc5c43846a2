/**
 * A destination's tax rates, in basis points (2,000 = 20 %). Which rate a line pays: its tax
 * code's rate if the country has one, else its region's rate, else the country's standard rate.
 */
export interface CountryTaxRates {
  standard: number;
  /** Rates by region code (a US state, a Canadian province) where they differ from `standard`. */
  regions?: Record<string, number>;
  /** Rates by product tax code (`books`) where they differ from the destination's rate. */
  taxCodes?: Record<string, number>;
  /** Whether shipping is taxed, at the destination's rate (no tax code). Defaults to true. */
  taxShipping?: boolean;
}

/** Tax rates by destination country (ISO 3166-1 alpha-2). */
export type TaxRateTable = Record<string, CountryTaxRates>;

/**
 * The built-in table: national standard rates as of 2025, for the demo shop and the tests.
 * It is deliberately small; a shop selling for real plugs a tax service in through the
 * `TaxCalculator` port. Its simplifications, each a place a real service does better:
 * - US: state base rates for a few states, no county or city rates; the states not listed are
 *   taxed at 0 (the table knows nothing of them, and inventing a rate is worse than showing
 *   none). States whose rate is not a whole basis point (NJ 6.625 %, MN 6.875 %) are left out
 *   rather than rounded.
 * - Canada: GST, or HST in the harmonised provinces. BC, MB and SK PST and Quebec's QST are
 *   registered for and collected separately, and are not here.
 * - EU: each country's standard VAT rate at the shopper's address (distance selling under the
 *   One-Stop Shop), with a `books` reduced rate where it is well known.
 */
export const DEFAULT_TAX_RATES: TaxRateTable = {
  US: {
    standard: 0,
    regions: {
      CA: 725,
      CO: 290,
      FL: 600,
      GA: 400,
      IL: 625,
      MA: 625,
      NY: 400,
      PA: 600,
      TX: 625,
      WA: 650,
      // No state sales tax.
      AK: 0,
      DE: 0,
      MT: 0,
      NH: 0,
      OR: 0,
    },
  },
  CA: { standard: 500, regions: { NB: 1500, NL: 1500, NS: 1400, ON: 1300, PE: 1500 } },
  AT: { standard: 2000 },
  BE: { standard: 2100 },
  DE: { standard: 1900, taxCodes: { books: 700 } },
  DK: { standard: 2500 },
  ES: { standard: 2100 },
  FI: { standard: 2550 },
  FR: { standard: 2000, taxCodes: { books: 550 } },
  IE: { standard: 2300, taxCodes: { books: 0 } },
  IT: { standard: 2200 },
  NL: { standard: 2100, taxCodes: { books: 900 } },
  PL: { standard: 2300 },
  PT: { standard: 2300 },
  SE: { standard: 2500, taxCodes: { books: 600 } },
  GB: { standard: 2000, taxCodes: { books: 0 } },
  NO: { standard: 2500, taxCodes: { books: 0 } },
  CH: { standard: 810 },
  AU: { standard: 1000 },
  NZ: { standard: 1500 },
  JP: { standard: 1000 },
};
