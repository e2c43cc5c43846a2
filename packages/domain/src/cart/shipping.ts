import { type CurrencyCode, isValidAmount } from '../money';
import {
  DEFAULT_SHIPPING_RATES,
  type ShippingMethod,
  type ShippingRateTable,
  type ShippingZone,
} from './shipping-rates';

/** What a cart asks for shipping rates: where the parcel goes and what is in it. */
export interface ShippingRequest {
  currency: CurrencyCode;
  address: { country: string; region?: string };
  /** The goods' subtotal after discounts, minor units: what free-shipping thresholds compare. */
  subtotal: number;
  weightGrams: number;
  itemCount: number;
}

/** One way to ship the cart, and its price. */
export interface ShippingRate {
  /** Stable (`standard`, `express`): what the cart stores as the shopper's choice. */
  id: string;
  name: string;
  amount: number;
  currency: CurrencyCode;
  minDays: number;
  maxDays: number;
}

/**
 * The shipping port: the rates a cart may choose from. The built-in implementation reads a
 * table; a carrier adapter implements the same interface. An empty list means the cart cannot
 * be shipped there (or in that currency) and checkout must say so.
 */
export interface ShippingRateProvider {
  quote(request: ShippingRequest): ShippingRate[];
}

/**
 * A rate provider over a table (by default `DEFAULT_SHIPPING_RATES`), checked once here so a
 * broken table fails at start-up, not in a shopper's checkout.
 *
 * The destination's zone is its subdivision's (`US-HI`) if one lists it, else its country's;
 * no zone, no rates. Each method of the zone is offered if it prices the cart's currency and
 * the parcel's weight; a method with a free-from threshold in that currency costs 0 once the
 * subtotal reaches it. A cart with no items has nothing to ship and gets no rates. Rates come
 * cheapest first, then fastest, then by id, so the same cart always sees the same list.
 */
export function createTableRateProvider(
  table: ShippingRateTable = DEFAULT_SHIPPING_RATES,
): ShippingRateProvider {
  const zoneByDestination = indexTable(table);
  return {
    quote(request) {
      checkRequest(request);
      if (request.itemCount === 0) return [];
      const country = request.address.country.toUpperCase();
      const region = request.address.region?.toUpperCase();
      const zone =
        (region === undefined ? undefined : zoneByDestination.get(`${country}-${region}`)) ??
        zoneByDestination.get(country);
      if (zone === undefined) return [];
      return zone.methods
        .flatMap((method) => {
          const amount = priceOf(method, request);
          return amount === undefined
            ? []
            : [
                {
                  id: method.id,
                  name: method.name,
                  amount,
                  currency: request.currency,
                  minDays: method.minDays,
                  maxDays: method.maxDays,
                },
              ];
        })
        .sort(
          (a, b) => a.amount - b.amount || a.maxDays - b.maxDays || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
        );
    },
  };
}

function priceOf(method: ShippingMethod, request: ShippingRequest): number | undefined {
  const band = method.bands.find((candidate) => request.weightGrams <= candidate.maxGrams);
  const amount = band?.amounts[request.currency];
  if (amount === undefined) return undefined;
  const freeFrom = method.freeFrom?.[request.currency];
  return freeFrom !== undefined && request.subtotal >= freeFrom ? 0 : amount;
}

function checkRequest(request: ShippingRequest): void {
  if (!isValidAmount(request.subtotal))
    throw new RangeError(`subtotal: ${request.subtotal} is not an amount`);
  for (const [name, value] of [
    ['weightGrams', request.weightGrams],
    ['itemCount', request.itemCount],
  ] as const) {
    if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`${name}: ${value} is not a count`);
  }
}

function indexTable(table: ShippingRateTable): Map<string, ShippingZone> {
  const zoneByDestination = new Map<string, ShippingZone>();
  const zoneIds = new Set<string>();
  for (const zone of table.zones) {
    if (zoneIds.has(zone.id)) throw new RangeError(`shipping zone ${zone.id} is listed twice`);
    zoneIds.add(zone.id);
    for (const destination of zone.destinations) {
      const key = destination.toUpperCase();
      const other = zoneByDestination.get(key);
      if (other) throw new RangeError(`${key} is in shipping zones ${other.id} and ${zone.id}`);
      zoneByDestination.set(key, zone);
    }
    const methodIds = new Set<string>();
    for (const method of zone.methods) checkMethod(zone, method, methodIds);
  }
  return zoneByDestination;
}

function checkMethod(zone: ShippingZone, method: ShippingMethod, methodIds: Set<string>): void {
  const where = `shipping zone ${zone.id}, method ${method.id}`;
  if (methodIds.has(method.id)) throw new RangeError(`${where}: listed twice`);
  methodIds.add(method.id);
  if (!Number.isSafeInteger(method.minDays) || method.minDays < 0 || method.maxDays < method.minDays) {
    throw new RangeError(`${where}: days must be whole, from minDays up to maxDays`);
  }
  let previous = -1;
  for (const band of method.bands) {
    if (!Number.isSafeInteger(band.maxGrams) || band.maxGrams <= previous) {
      throw new RangeError(`${where}: weight bands must be whole grams, lightest first`);
    }
    previous = band.maxGrams;
    if (!Object.values(band.amounts).every(isValidAmount)) throw new RangeError(`${where}: invalid amount`);
  }
  if (!Object.values(method.freeFrom ?? {}).every(isValidAmount)) {
    throw new RangeError(`${where}: invalid free-from threshold`);
  }
}
