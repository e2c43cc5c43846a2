/**
 * Human-friendly order numbers that do not count the shop's orders aloud. An order is stored
 * with a sequence value (a Postgres sequence: unique, cheap, gaps allowed); what shoppers and
 * operators read is that value scrambled by a keyed permutation of the nine-digit numbers, shown
 * as `123-456-789`. Sequential numbers would tell anyone holding two of them how many orders
 * came in between; these look random, yet two orders never share one, and an operator who
 * types one in is led back to its sequence value (and row) without a table of numbers.
 *
 * The permutation is a balanced Feistel network over 30 bits, walked until it lands below 10^9
 * (cycle walking keeps it a permutation of 0 … 999,999,999). Its rounds mix with a secret key, so
 * the mapping cannot be run backwards without it; it hides volume from the curious, and is not a
 * cipher to stake money on. Synchronous by design: it runs where a response is built.
 */

const DIGITS = 1_000_000_000;
const HALF_BITS = 15;
const HALF_MASK = (1 << HALF_BITS) - 1;
const ROUNDS = 6;

export interface OrderNumberKey {
  /** Round keys, one per round: from ORDER_NUMBER_KEY (`orderNumberKey`). */
  readonly rounds: readonly number[];
}

/** The key of the permutation, from a secret string (any length; its bytes are folded in). */
export function orderNumberKey(secret: string): OrderNumberKey {
  const bytes = new TextEncoder().encode(secret);
  if (bytes.length < 16) throw new Error('An order number key needs at least 16 bytes of secret.');
  const rounds: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    // FNV-1a over the secret and the round's index: a distinct 32-bit key per round.
    let hash = 0x811c9dc5 ^ round;
    for (const byte of bytes) hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
    rounds.push(hash >>> 0);
  }
  return { rounds };
}

/** The order number shown for a sequence value (0 ≤ sequence < 10^9). */
export function orderNumberOf(sequence: number, key: OrderNumberKey): string {
  if (!Number.isInteger(sequence) || sequence < 0 || sequence >= DIGITS)
    throw new RangeError(`An order sequence is a whole number below ${DIGITS}.`);
  let value = sequence;
  do value = encipher(value, key);
  while (value >= DIGITS);
  return format(value);
}

/**
 * The sequence value behind an order number as shoppers write it (dashes and spaces
 * optional), or undefined for text that is no order number.
 */
export function sequenceOfOrderNumber(orderNumber: string, key: OrderNumberKey): number | undefined {
  const digits = orderNumber.replace(/[\s-]/g, '');
  if (!/^\d{9}$/.test(digits)) return undefined;
  let value = Number(digits);
  do value = decipher(value, key);
  while (value >= DIGITS);
  return value;
}

function format(value: number): string {
  const digits = String(value).padStart(9, '0');
  return `${digits.slice(0, 3)}-${digits.slice(3, 6)}-${digits.slice(6)}`;
}

function encipher(value: number, key: OrderNumberKey): number {
  let left = (value >>> HALF_BITS) & HALF_MASK;
  let right = value & HALF_MASK;
  for (const roundKey of key.rounds) {
    const next = left ^ mix(right, roundKey);
    left = right;
    right = next;
  }
  return ((left << HALF_BITS) | right) >>> 0;
}

function decipher(value: number, key: OrderNumberKey): number {
  let left = (value >>> HALF_BITS) & HALF_MASK;
  let right = value & HALF_MASK;
  for (let round = key.rounds.length - 1; round >= 0; round--) {
    const previous = right ^ mix(left, key.rounds[round] ?? 0);
    right = left;
    left = previous;
  }
  return ((left << HALF_BITS) | right) >>> 0;
}

/** The round function: a 15-bit half and a round key mixed to 15 bits (xorshift-multiply). */
function mix(half: number, roundKey: number): number {
  let x = (half ^ roundKey) >>> 0;
  x = Math.imul(x ^ (x >>> 16), 0x45d9f3b) >>> 0;
  x = Math.imul(x ^ (x >>> 16), 0x45d9f3b) >>> 0;
  return (x ^ (x >>> 16)) & HALF_MASK;
}
