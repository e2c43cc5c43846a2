import { describe, expect, it } from 'vitest';
import { validateAddress } from './address';
import { SUPPORTED_COUNTRIES } from './countries';
import { POSTAL_CODE_RULES } from './postal-codes';

const base = { firstName: 'Ada', lastName: 'Lovelace', line1: '1 Main Street', city: 'Springfield' };

function errorsOf(input: unknown) {
  const result = validateAddress(input);
  if (result.ok) throw new Error(`expected errors, got ${JSON.stringify(result.address)}`);
  return result.errors;
}

function addressOf(input: unknown) {
  const result = validateAddress(input);
  if (!result.ok) throw new Error(`expected an address, got ${JSON.stringify(result.errors)}`);
  return result.address;
}

describe('validateAddress: good addresses', () => {
  it('accepts a US address and writes a ZIP+4 with its hyphen', () => {
    expect(addressOf({ ...base, region: 'ca', postalCode: '941031234', country: 'us' })).toEqual({
      ...base,
      region: 'CA',
      postalCode: '94103-1234',
      country: 'US',
    });
    expect(addressOf({ ...base, region: 'NY', postalCode: '10001', country: 'US' }).postalCode).toBe('10001');
  });

  it('writes each country’s postal code the way its post office does', () => {
    const cases: [string, string, string, string?][] = [
      ['CA', 'k1a0b1', 'K1A 0B1', 'ON'],
      ['GB', 'sw1a1aa', 'SW1A 1AA'],
      ['GB', 'M1 1AE', 'M1 1AE'],
      ['GB', 'EC1A  1BB', 'EC1A 1BB'],
      ['NL', '1012ab', '1012 AB'],
      ['SE', '11122', '111 22'],
      ['JP', '1000001', '100-0001'],
      ['JP', '１００－０００１', '100-0001'], // full-width, from a Japanese keyboard
      ['PL', '00950', '00-950'],
      ['PT', '1100148', '1100-148'],
      ['IE', 'd02x285', 'D02 X285'],
      ['DE', '10115', '10115'],
      ['FR', '75001', '75001'],
      ['AU', '2000', '2000', 'nsw'],
      ['NZ', '6011', '6011'],
      ['CH', '8001', '8001'],
      ['ES', '28001', '28001'],
    ];
    for (const [country, given, written, region] of cases) {
      const address = addressOf({ ...base, country, postalCode: given, ...(region ? { region } : {}) });
      expect(address.postalCode, `${country} ${given}`).toBe(written);
    }
  });

  it('trims, collapses spaces, normalises to NFC and drops empty optional fields', () => {
    const address = addressOf({
      firstName: '  Zoe\u0301  ', // e + combining acute → é
      lastName: 'Müller',
      company: '   ',
      line1: '  Unter   den\u00a0Linden  1 ',
      line2: null,
      city: 'Berlin',
      postalCode: ' 10117 ',
      country: ' de ',
    });
    expect(address).toEqual({
      firstName: 'Zoé',
      lastName: 'Müller',
      line1: 'Unter den Linden 1',
      city: 'Berlin',
      postalCode: '10117',
      country: 'DE',
    });
    expect(address.firstName).toBe('Zo\u00e9');
  });

  it('needs no region outside the US, Canada and Australia, and keeps one given as free text', () => {
    expect(addressOf({ ...base, country: 'GB', postalCode: 'SW1A 1AA' }).region).toBeUndefined();
    expect(addressOf({ ...base, country: 'JP', postalCode: '100-0001', region: 'Tōkyō' }).region).toBe(
      'Tōkyō',
    );
  });

  it('accepts an Irish address without an Eircode', () => {
    expect(addressOf({ ...base, country: 'IE' }).postalCode).toBe('');
  });

  it('keeps a well-formed phone number and optional company', () => {
    const address = addressOf({
      ...base,
      country: 'GB',
      postalCode: 'SW1A 1AA',
      company: 'Analytical Engines Ltd',
      phone: '+44 (20) 7946-0958',
    });
    expect(address.phone).toBe('+44 (20) 7946-0958');
    expect(address.company).toBe('Analytical Engines Ltd');
  });

  it('has a postal code rule and a sample that passes it for every supported country', () => {
    for (const country of SUPPORTED_COUNTRIES) {
      const rule = POSTAL_CODE_RULES[country];
      const region = { US: 'CA', CA: 'ON', AU: 'NSW' }[country as string];
      const sample = rule.example.split(' or ')[0] ?? '';
      expect(validateAddress({ ...base, country, postalCode: sample, region }).ok, country).toBe(true);
    }
  });
});

describe('validateAddress: bad addresses', () => {
  it('refuses what is not an object', () => {
    for (const input of [null, undefined, 'US', 42, []]) {
      expect(errorsOf(input)).toEqual([{ path: '', message: 'must be an object' }]);
    }
  });

  it('names every missing required field at once', () => {
    expect(errorsOf({}).map((error) => error.path)).toEqual([
      'firstName',
      'lastName',
      'line1',
      'city',
      'country',
    ]);
    expect(errorsOf({ ...base, firstName: '   ', country: 'DE' }).map((error) => error.path)).toEqual([
      'firstName',
      'postalCode',
    ]);
  });

  it('refuses a country we do not ship to, or that is not a code at all', () => {
    expect(errorsOf({ ...base, country: 'BR', postalCode: '01000-000' })).toEqual([
      { path: 'country', message: 'BR is not a country we ship to' },
    ]);
    expect(errorsOf({ ...base, country: 'Germany' })[0]?.path).toBe('country');
    expect(errorsOf({ ...base, country: 'toString' })[0]?.path).toBe('country');
  });

  it('refuses postal codes of the wrong shape for the country', () => {
    const cases: [string, string, string?][] = [
      ['US', '9410', 'CA'],
      ['US', '94103-12', 'CA'],
      ['US', 'ABCDE', 'CA'],
      ['CA', 'D1A 1A1', 'ON'], // no D in Canadian codes
      ['CA', 'K1A 0B', 'ON'],
      ['GB', 'SW1A 1CA'], // no C in the inward letters
      ['GB', '12345'],
      ['DE', '1011'],
      ['FR', '750011'],
      ['NL', '0123 AB'], // Dutch codes do not start with 0
      ['NL', '1234 A'],
      ['AU', '20000', 'NSW'],
      ['JP', '100-001'],
      ['SE', '01122'],
      ['ES', '53001'], // no province 53
      ['IE', 'B02 X285'], // B is no Eircode routing letter
      ['PT', '1100-14'],
    ];
    for (const [country, postalCode, region] of cases) {
      const errors = errorsOf({ ...base, country, postalCode, region });
      expect(errors, `${country} ${postalCode}`).toHaveLength(1);
      expect(errors[0]?.path).toBe('postalCode');
      expect(errors[0]?.message).toContain(`is not a ${country} postal code`);
    }
  });

  it('requires a postal code where the country uses them', () => {
    for (const country of ['US', 'DE', 'JP', 'GB']) {
      const errors = errorsOf({ ...base, country, region: country === 'US' ? 'CA' : undefined });
      expect(errors).toEqual([{ path: 'postalCode', message: `is required in ${country}` }]);
    }
  });

  it('requires a real state, province or territory code in the US, Canada and Australia', () => {
    expect(errorsOf({ ...base, country: 'US', postalCode: '94103' })).toEqual([
      { path: 'region', message: 'is required in US: a US state code such as CA' },
    ]);
    expect(errorsOf({ ...base, country: 'US', postalCode: '94103', region: 'California' })[0]?.path).toBe(
      'region',
    );
    expect(errorsOf({ ...base, country: 'US', postalCode: '94103', region: 'XX' })[0]?.path).toBe('region');
    expect(errorsOf({ ...base, country: 'CA', postalCode: 'K1A 0B1', region: 'NY' })[0]?.path).toBe('region');
    expect(errorsOf({ ...base, country: 'AU', postalCode: '2000' })[0]?.path).toBe('region');
    expect(errorsOf({ ...base, country: 'AU', postalCode: '2000', region: 'ON' })[0]?.path).toBe('region');
  });

  it('refuses control characters, lone surrogates and direction overrides', () => {
    const address = { ...base, country: 'GB', postalCode: 'SW1A 1AA' };
    expect(errorsOf({ ...address, line1: 'a\u0000b' })).toEqual([
      { path: 'line1', message: 'must not contain control characters' },
    ]);
    expect(errorsOf({ ...address, line2: 'flat 1\nfloor 2' })[0]?.path).toBe('line2');
    expect(errorsOf({ ...address, city: 'Lon\u0085don' })[0]?.path).toBe('city');
    expect(errorsOf({ ...address, lastName: 'x\ud800' })[0]?.message).toBe(
      'must not contain lone surrogates',
    );
    expect(errorsOf({ ...address, company: 'evil\u202egpj.exe' })[0]?.message).toBe(
      'must not contain text direction overrides',
    );
  });

  it('bounds the length of every field', () => {
    const address = { ...base, country: 'GB', postalCode: 'SW1A 1AA' };
    expect(validateAddress({ ...address, line1: 'a'.repeat(200) }).ok).toBe(true);
    expect(errorsOf({ ...address, line1: 'a'.repeat(201) })).toEqual([
      { path: 'line1', message: 'must be at most 200 characters' },
    ]);
    expect(errorsOf({ ...address, firstName: 'a'.repeat(101) })[0]?.path).toBe('firstName');
    // Counted in characters, not UTF-16 units: 100 emoji fit a name.
    expect(validateAddress({ ...address, firstName: '😀'.repeat(100) }).ok).toBe(true);
    expect(errorsOf({ ...address, postalCode: '1'.repeat(21) })).toEqual([
      { path: 'postalCode', message: 'must be at most 20 characters' },
    ]);
    // Runs of spaces collapse before the count: this is 'SW1A 1AA'.
    expect(addressOf({ ...address, postalCode: `SW1A${' '.repeat(30)}1AA` }).postalCode).toBe('SW1A 1AA');
    // A huge string is refused before any normalisation work is spent on it.
    expect(errorsOf({ ...address, city: ' '.repeat(1_000_000) })).toEqual([
      { path: 'city', message: 'must be at most 100 characters' },
    ]);
  });

  it('refuses fields that are not strings, and fields it does not know', () => {
    const errors = errorsOf({ ...base, country: 'US', region: 'CA', postalCode: 94103, zip: '94103' });
    expect(errors).toEqual([
      { path: 'postalCode', message: 'must be a string' },
      { path: 'zip', message: 'is not an address field' },
    ]);
  });

  it('refuses phone numbers that are not phone numbers', () => {
    const address = { ...base, country: 'GB', postalCode: 'SW1A 1AA' };
    for (const phone of ['call me', '12345', '+1 234 567 890 123 456 7', '555-CALL-NOW']) {
      expect(errorsOf({ ...address, phone }), phone).toEqual([
        { path: 'phone', message: 'must be a phone number: digits, spaces, + ( ) . -' },
      ]);
    }
  });
});
