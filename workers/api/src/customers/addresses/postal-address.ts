import { type Address, validateAddress } from '@edge-commerce/domain';
import { ApiError } from '../../errors/problem';

const ADDRESS_FIELDS = [
  'firstName',
  'lastName',
  'company',
  'line1',
  'line2',
  'city',
  'region',
  'postalCode',
  'country',
  'phone',
] as const;

/** The postal address among an entry's fields (label and flags left out), nulls dropped. */
export function addressFieldsOf(entry: Record<string, unknown>): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const name of ADDRESS_FIELDS)
    if (entry[name] !== undefined && entry[name] !== null) fields[name] = entry[name];
  return fields;
}

/**
 * The address checked by its country's rules (required fields, postal code shape, region), as a
 * cart checks it, and written as the country's post writes it; 422 `invalid_address` naming each
 * field otherwise.
 */
export function postalAddress(fields: Record<string, unknown>): Address {
  const checked = validateAddress(fields);
  if (!checked.ok) {
    throw new ApiError('invalid_address', `The address has ${checked.errors.length} invalid field(s).`, {
      errors: checked.errors,
    });
  }
  return checked.address;
}
