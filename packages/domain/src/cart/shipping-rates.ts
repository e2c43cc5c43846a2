import type { CurrencyCode } from '../money';

/** Shipping methods and their prices by destination zone. */
export interface ShippingRateTable {
  zones: ShippingZone[];
}

/** Destinations that ship alike: the same methods at the same prices. */
export interface ShippingZone {
  id: string;
  /**
   * Countries (`US`, ISO 3166-1) or subdivisions (`US-HI`, ISO 3166-2). A subdivision is
   * matched before its country, so Hawaii can cost more than the rest of the US. Each
   * destination belongs to at most one zone.
   */
  destinations: string[];
  methods: ShippingMethod[];
}

export interface ShippingMethod {
  /** Stable across zones and repricings (`standard`), so a cart's choice survives a new address. */
  id: string;
  name: string;
  minDays: number;
  maxDays: number;
  /**
   * Prices by weight, lightest band first: a parcel pays the first band it does not weigh more
   * than; heavier than the last band, the method is not offered. A currency a band does not
   * price is one the method is not offered in.
   */
  bands: WeightBand[];
  /** Per currency, the subtotal after discounts from which this method costs nothing. */
  freeFrom?: Partial<Record<CurrencyCode, number>>;
}

export interface WeightBand {
  maxGrams: number;
  amounts: Partial<Record<CurrencyCode, number>>;
}

// The built-in table's weight bands: a letter-box parcel, a box, a heavy box. Past 20 kg a
// parcel is freight, which needs a quote of its own.
const WEIGHT_LIMITS = [1_000, 5_000, 20_000] as const;
type BandPrices = readonly [number, number, number];

function bands(prices: Partial<Record<CurrencyCode, BandPrices>>): WeightBand[] {
  return WEIGHT_LIMITS.map((maxGrams, index) => ({
    maxGrams,
    amounts: Object.fromEntries(
      Object.entries(prices).map(([currency, amounts]) => [currency, amounts[index]]),
    ),
  }));
}

function standardAndExpress(
  days: { standard: [number, number]; express: [number, number] },
  standard: Partial<Record<CurrencyCode, BandPrices>>,
  express: Partial<Record<CurrencyCode, BandPrices>>,
  freeFrom: Partial<Record<CurrencyCode, number>>,
): ShippingMethod[] {
  return [
    {
      id: 'standard',
      name: 'Standard',
      minDays: days.standard[0],
      maxDays: days.standard[1],
      bands: bands(standard),
      freeFrom,
    },
    {
      id: 'express',
      name: 'Express',
      minDays: days.express[0],
      maxDays: days.express[1],
      bands: bands(express),
    },
  ];
}

/**
 * The built-in table for the demo shop: standard and express in six zones, each priced in the
 * currencies its shoppers pay in; free standard shipping from a subtotal per currency.
 * Amounts are minor units (yen are whole).
 */
export const DEFAULT_SHIPPING_RATES: ShippingRateTable = {
  zones: [
    {
      id: 'us',
      destinations: ['US'],
      methods: standardAndExpress(
        { standard: [3, 5], express: [1, 2] },
        { USD: [599, 999, 1999] },
        { USD: [1499, 2499, 4999] },
        { USD: 5000 },
      ),
    },
    {
      // Alaska, Hawaii, the territories and military mail travel by air at a higher cost.
      id: 'us-remote',
      destinations: [
        'US-AK',
        'US-HI',
        'US-AS',
        'US-GU',
        'US-MP',
        'US-PR',
        'US-VI',
        'US-AA',
        'US-AE',
        'US-AP',
      ],
      methods: standardAndExpress(
        { standard: [5, 10], express: [2, 4] },
        { USD: [1299, 1999, 3999] },
        { USD: [2999, 4999, 9999] },
        { USD: 10000 },
      ),
    },
    {
      id: 'ca',
      destinations: ['CA'],
      methods: standardAndExpress(
        { standard: [5, 8], express: [2, 3] },
        { CAD: [999, 1599, 2999], USD: [799, 1299, 2499] },
        { CAD: [2499, 3999, 7999], USD: [1999, 3199, 6499] },
        { CAD: 7500, USD: 6000 },
      ),
    },
    {
      id: 'gb',
      destinations: ['GB'],
      methods: standardAndExpress(
        { standard: [2, 4], express: [1, 1] },
        { GBP: [399, 699, 1499] },
        { GBP: [999, 1499, 2999] },
        { GBP: 4000 },
      ),
    },
    {
      id: 'eu',
      destinations: ['AT', 'BE', 'DE', 'DK', 'ES', 'FI', 'FR', 'IE', 'IT', 'NL', 'PL', 'PT', 'SE'],
      methods: standardAndExpress(
        { standard: [3, 6], express: [1, 3] },
        {
          EUR: [499, 899, 1799],
          SEK: [5900, 9900, 19900],
          DKK: [3900, 6900, 13900],
          PLN: [1999, 3499, 6999],
        },
        {
          EUR: [1299, 1999, 3999],
          SEK: [14900, 22900, 44900],
          DKK: [9900, 14900, 29900],
          PLN: [4999, 7999, 15999],
        },
        { EUR: 5000, SEK: 59900, DKK: 39900, PLN: 21900 },
      ),
    },
    {
      // Outside the EU customs union: slower, and dearer for the paperwork.
      id: 'europe-other',
      destinations: ['CH', 'NO'],
      methods: standardAndExpress(
        { standard: [4, 8], express: [2, 4] },
        { EUR: [999, 1499, 2999], CHF: [999, 1499, 2999], NOK: [11900, 17900, 34900] },
        { EUR: [2499, 3499, 6999], CHF: [2499, 3499, 6999], NOK: [29900, 41900, 83900] },
        { EUR: 10000, CHF: 10000, NOK: 119900 },
      ),
    },
    {
      id: 'asia-pacific',
      destinations: ['AU', 'JP', 'NZ'],
      methods: standardAndExpress(
        { standard: [6, 12], express: [3, 5] },
        { AUD: [1499, 2499, 4999], NZD: [1599, 2699, 5399], JPY: [1500, 2500, 5000], USD: [999, 1699, 3299] },
        {
          AUD: [3499, 5499, 10999],
          NZD: [3799, 5999, 11999],
          JPY: [3500, 5500, 11000],
          USD: [2299, 3699, 7299],
        },
        { AUD: 10000, NZD: 11000, JPY: 10000, USD: 7500 },
      ),
    },
  ],
};
