/** Type prefixes of the API's identifiers (API-CONVENTIONS.md: a stray id says what it is). */
export const ID_PREFIXES = {
  product: 'prod',
  variant: 'var',
  price: 'price',
  category: 'cat',
  collection: 'col',
  media: 'med',
  event: 'evt',
  market: 'mkt',
  cart: 'cart',
  cartLine: 'line',
  promotion: 'promo',
  apiKey: 'key',
  customer: 'cus',
  customerSession: 'ses',
  customerAddress: 'addr',
  email: 'eml',
  order: 'ord',
  orderLine: 'oli',
  payment: 'pay',
  shipment: 'shp',
  supportTicket: 'tkt',
  eventReplay: 'rpl',
  eventDelivery: 'dlv',
} as const;

export type IdKind = keyof typeof ID_PREFIXES;

// Crockford base32: no I, L, O, U, so ids survive being read aloud or retyped.
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

/**
 * A new id: prefix, then 10 characters of millisecond time and 16 of randomness (80 bits), so
 * ids sort roughly by creation and never collide in practice. Web Crypto only: runs anywhere.
 */
export function newId(kind: IdKind, now: number = Date.now()): string {
  let time = '';
  let remaining = now;
  for (let index = 0; index < 10; index++) {
    time = (ALPHABET[remaining % 32] ?? '0') + time;
    remaining = Math.floor(remaining / 32);
  }
  const random = crypto.getRandomValues(new Uint8Array(16));
  let suffix = '';
  for (const byte of random) suffix += ALPHABET[byte % 32];
  return `${ID_PREFIXES[kind]}_${time}${suffix}`;
}

/** Whether `id` is an id of the given kind (prefix and shape), e.g. to reject a `cart_…` as a product. */
export function isId(kind: IdKind, id: string): boolean {
  return new RegExp(`^${ID_PREFIXES[kind]}_[0-9a-z]{1,64}$`).test(id);
}
