import type { SupportedCountry } from './countries';

/**
 * A country's postal code: whether an address needs one, the shape it has once spaces and
 * hyphens are taken out, and how the post office writes it. Shoppers type `sw1a1aa`,
 * `1234ab`, `123 4567` or full-width digits from a Japanese keyboard; we keep the one form
 * the carrier's label expects, so equal addresses compare equal.
 */
interface PostalCodeRule {
  required: boolean;
  /** Matched against the code upper-cased, NFKC-normalised, without spaces and hyphens. */
  compact: RegExp;
  /** The written form of a matching compact code. */
  write: (compact: string) => string;
  /** Shown in the error message. */
  example: string;
}

const asIs = (compact: string): string => compact;
const splitAt =
  (index: number, separator: string) =>
  (compact: string): string =>
    `${compact.slice(0, index)}${separator}${compact.slice(index)}`;
// British and Irish codes are an outward part of varying length and a fixed-length inward part.
const splitBeforeLast = (length: number) => (compact: string) =>
  splitAt(compact.length - length, ' ')(compact);

const FOUR_DIGITS = /^\d{4}$/;
const FOUR_DIGITS_NO_LEADING_ZERO = /^[1-9]\d{3}$/;
const FIVE_DIGITS = /^\d{5}$/;

export const POSTAL_CODE_RULES: Record<SupportedCountry, PostalCodeRule> = {
  AT: { required: true, compact: FOUR_DIGITS_NO_LEADING_ZERO, write: asIs, example: '1010' },
  AU: { required: true, compact: FOUR_DIGITS, write: asIs, example: '2000' },
  BE: { required: true, compact: FOUR_DIGITS_NO_LEADING_ZERO, write: asIs, example: '1000' },
  // Canada Post never uses D, F, I, O, Q or U, nor W or Z as the first letter.
  CA: {
    required: true,
    compact: /^[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z]\d[ABCEGHJ-NPRSTV-Z]\d$/,
    write: splitAt(3, ' '),
    example: 'K1A 0B1',
  },
  CH: { required: true, compact: FOUR_DIGITS_NO_LEADING_ZERO, write: asIs, example: '8001' },
  DE: { required: true, compact: FIVE_DIGITS, write: asIs, example: '10115' },
  DK: { required: true, compact: FOUR_DIGITS, write: asIs, example: '1050' },
  // Spanish codes start with the province number, 01 to 52.
  ES: { required: true, compact: /^(0[1-9]|[1-4]\d|5[0-2])\d{3}$/, write: asIs, example: '28001' },
  FI: { required: true, compact: FIVE_DIGITS, write: asIs, example: '00100' },
  FR: { required: true, compact: FIVE_DIGITS, write: asIs, example: '75001' },
  // Outward code (area, district), then the inward code: a digit and two letters without
  // C, I, K, M, O or V. GIR 0AA is the one historic exception still in use.
  GB: {
    required: true,
    compact: /^(?:[A-Z]{1,2}\d[A-Z\d]?\d[ABD-HJLNP-UW-Z]{2}|GIR0AA)$/,
    write: splitBeforeLast(3),
    example: 'SW1A 1AA',
  },
  // Eircodes are optional on Irish mail (many rural addresses were delivered by name long
  // before them), so an address without one is complete; a given one must be well formed.
  IE: {
    required: false,
    compact: /^(?:[AC-FHKNPRTV-Y]\d{2}|D6W)[0-9AC-FHKNPRTV-Y]{4}$/,
    write: splitBeforeLast(4),
    example: 'D02 X285',
  },
  IT: { required: true, compact: FIVE_DIGITS, write: asIs, example: '00118' },
  JP: { required: true, compact: /^\d{7}$/, write: splitAt(3, '-'), example: '100-0001' },
  NL: { required: true, compact: /^[1-9]\d{3}[A-Z]{2}$/, write: splitAt(4, ' '), example: '1012 AB' },
  NO: { required: true, compact: FOUR_DIGITS, write: asIs, example: '0150' },
  NZ: { required: true, compact: FOUR_DIGITS, write: asIs, example: '6011' },
  PL: { required: true, compact: FIVE_DIGITS, write: splitAt(2, '-'), example: '00-950' },
  PT: { required: true, compact: /^[1-9]\d{6}$/, write: splitAt(4, '-'), example: '1100-148' },
  SE: { required: true, compact: /^[1-9]\d{4}$/, write: splitAt(3, ' '), example: '111 22' },
  // ZIP or ZIP+4.
  US: {
    required: true,
    compact: /^\d{5}(?:\d{4})?$/,
    write: (compact) => (compact.length === 9 ? splitAt(5, '-')(compact) : compact),
    example: '94103 or 94103-1234',
  },
};

/**
 * The written form of `postalCode` for `country`, or null when it does not have the
 * country's shape. The input is already trimmed and free of control characters.
 */
export function normalisePostalCode(country: SupportedCountry, postalCode: string): string | null {
  const rule = POSTAL_CODE_RULES[country];
  // NFKC turns full-width digits and letters (common from Japanese and Chinese keyboards) into ASCII.
  const compact = postalCode.normalize('NFKC').toUpperCase().replace(/[\s-]/g, '');
  return rule.compact.test(compact) ? rule.write(compact) : null;
}
