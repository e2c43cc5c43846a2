import { AU_STATES, CA_PROVINCES, isSupportedCountry, type SupportedCountry, US_STATES } from './countries';
import { normalisePostalCode, POSTAL_CODE_RULES } from './postal-codes';

/** A postal address a cart ships to (or bills to), in the form carriers print. */
export interface Address {
  firstName: string;
  lastName: string;
  company?: string;
  line1: string;
  line2?: string;
  city: string;
  /** A state, province or territory code where the country needs one (US, CA, AU). */
  region?: string;
  postalCode: string;
  /** ISO 3166-1 alpha-2, upper case; one of `SUPPORTED_COUNTRIES`. */
  country: string;
  phone?: string;
}

/** One problem with one field, as the problem+json `errors` list carries it. */
export interface AddressError {
  /** The field's name (`postalCode`), or '' when the input is not an object at all. */
  path: string;
  message: string;
}

export type AddressValidation = { ok: true; address: Address } | { ok: false; errors: AddressError[] };

type AddressField = keyof Address;

// Generous for every script, short enough to fit a label and a database row.
const MAX_LENGTH: Record<AddressField, number> = {
  firstName: 100,
  lastName: 100,
  company: 200,
  line1: 200,
  line2: 200,
  city: 100,
  region: 100,
  postalCode: 20,
  country: 100,
  phone: 32,
};

const REQUIRED_EVERYWHERE: readonly AddressField[] = ['firstName', 'lastName', 'line1', 'city', 'country'];
const FIELDS = Object.keys(MAX_LENGTH) as AddressField[];

// Where a region is required, the codes the national post uses (and what to call them).
const REGIONS: Partial<Record<SupportedCountry, { codes: readonly string[]; name: string }>> = {
  US: { codes: US_STATES, name: 'a US state code such as CA' },
  CA: { codes: CA_PROVINCES, name: 'a Canadian province or territory code such as ON' },
  AU: { codes: AU_STATES, name: 'an Australian state or territory code such as NSW' },
};

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const CONTROL = /\p{Cc}/u;
// Direction overrides and isolates: an address is shown to staff and printed on labels, and
// these make it read differently from what is stored.
const DIRECTION_OVERRIDE = /[\u202A-\u202E\u2066-\u2069]/;
const PHONE = /^\+?[\d ().-]+$/;

/**
 * Checks and normalises an address from outside (a request body). Every string is refused
 * with lone surrogates, control characters or direction overrides (as the API's input
 * boundary does, ADR 0014), then NFC-normalised, trimmed and its runs of spaces collapsed;
 * empty optional fields are dropped. The country is upper-cased and must be supported; the
 * postal code and region are then checked against the country's rules and written the way its
 * post office writes them. Fields we do not know are refused, so a `zip` is not silently lost.
 * All problems are reported at once, each with the field's name as its path.
 */
export function validateAddress(input: unknown): AddressValidation {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { ok: false, errors: [{ path: '', message: 'must be an object' }] };
  }
  const errors: AddressError[] = [];
  const values: Partial<Record<AddressField, string>> = {};
  for (const [key, value] of Object.entries(input)) {
    if (!(FIELDS as string[]).includes(key)) {
      errors.push({ path: key, message: 'is not an address field' });
      continue;
    }
    const field = key as AddressField;
    if (value === undefined || value === null) continue;
    if (typeof value !== 'string') {
      errors.push({ path: field, message: 'must be a string' });
      continue;
    }
    // Far past any bound even before trimming: refused before normalising costs anything.
    if (value.length > MAX_LENGTH[field] * 4) {
      errors.push({ path: field, message: `must be at most ${MAX_LENGTH[field]} characters` });
      continue;
    }
    const cleaned = cleanText(value);
    if (typeof cleaned !== 'string') {
      errors.push({ path: field, message: cleaned.problem });
      continue;
    }
    if ([...cleaned].length > MAX_LENGTH[field]) {
      errors.push({ path: field, message: `must be at most ${MAX_LENGTH[field]} characters` });
      continue;
    }
    if (cleaned !== '') values[field] = cleaned;
  }

  const failed = new Set(errors.map((error) => error.path));
  const missing = (field: AddressField) => values[field] === undefined && !failed.has(field);
  for (const field of REQUIRED_EVERYWHERE) {
    if (missing(field)) errors.push({ path: field, message: 'is required' });
  }

  const country = values.country?.toUpperCase();
  if (country !== undefined) {
    if (!isSupportedCountry(country)) {
      errors.push({ path: 'country', message: `${country} is not a country we ship to` });
    } else {
      values.country = country;
      checkPostalCode(country, values, failed, errors);
      checkRegion(country, values, failed, errors);
    }
  }

  if (values.phone !== undefined && !isPhoneNumber(values.phone)) {
    errors.push({ path: 'phone', message: 'must be a phone number: digits, spaces, + ( ) . -' });
  }

  if (errors.length > 0) return { ok: false, errors };
  const address: Address = {
    firstName: values.firstName ?? '',
    lastName: values.lastName ?? '',
    line1: values.line1 ?? '',
    city: values.city ?? '',
    postalCode: values.postalCode ?? '',
    country: values.country ?? '',
  };
  for (const field of ['company', 'line2', 'region', 'phone'] as const) {
    const value = values[field];
    if (value !== undefined) address[field] = value;
  }
  return { ok: true, address };
}

function cleanText(value: string): string | { problem: string } {
  if (LONE_SURROGATE.test(value)) return { problem: 'must not contain lone surrogates' };
  if (CONTROL.test(value)) return { problem: 'must not contain control characters' };
  if (DIRECTION_OVERRIDE.test(value)) return { problem: 'must not contain text direction overrides' };
  return value.normalize('NFC').trim().replace(/\s+/g, ' ');
}

function checkPostalCode(
  country: SupportedCountry,
  values: Partial<Record<AddressField, string>>,
  failed: Set<string>,
  errors: AddressError[],
): void {
  const rule = POSTAL_CODE_RULES[country];
  const given = values.postalCode;
  if (given === undefined) {
    if (rule.required && !failed.has('postalCode')) {
      errors.push({ path: 'postalCode', message: `is required in ${country}` });
    }
    return;
  }
  const written = normalisePostalCode(country, given);
  if (written === null) {
    errors.push({ path: 'postalCode', message: `is not a ${country} postal code (e.g. ${rule.example})` });
  } else {
    values.postalCode = written;
  }
}

function checkRegion(
  country: SupportedCountry,
  values: Partial<Record<AddressField, string>>,
  failed: Set<string>,
  errors: AddressError[],
): void {
  const regions = REGIONS[country];
  // Elsewhere a region (a county, a prefecture) is free text the shopper may add or leave out.
  if (regions === undefined || failed.has('region')) return;
  const given = values.region?.toUpperCase();
  if (given === undefined) {
    errors.push({ path: 'region', message: `is required in ${country}: ${regions.name}` });
  } else if (!regions.codes.includes(given)) {
    errors.push({ path: 'region', message: `must be ${regions.name}` });
  } else {
    values.region = given;
  }
}

// E.164 allows at most 15 digits; fewer than 6 is no reachable number anywhere we ship.
function isPhoneNumber(phone: string): boolean {
  const digits = phone.replace(/\D/g, '').length;
  return PHONE.test(phone) && digits >= 6 && digits <= 15;
}
