import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '@edge-commerce/domain';
import { z } from '@hono/zod-openapi';
import { cleanText, Text } from '../input/text';
import { IssuedId, Timestamp } from '../openapi/bounded';
import { orNull } from '../openapi/or-null';

// Request and response bodies of customer accounts (ADR 23). Request bodies are strict: unknown
// fields are refused, and nothing the server owns (id, emailVerified, timestamps) is accepted.

export const Email = z
  .email({ error: 'must be an email address' })
  .max(254)
  .check(cleanText())
  .openapi({ description: 'Compared without regard to case.', example: 'ada@example.com' });

/** Bounded, but its rules (length, common passwords) are checked with the email at hand. */
export const Password = z
  .string()
  .max(PASSWORD_MAX_LENGTH * 4)
  .openapi({
    description: `${PASSWORD_MIN_LENGTH}-${PASSWORD_MAX_LENGTH} characters, not one of the most common passwords and not the email address. No composition rules.`,
    example: 'correct horse battery staple',
  });

export const Name = (example: string) => Text({ min: 1, max: 100, trim: true }).openapi({ example });

export const Phone = z
  .string()
  .max(16)
  .regex(/^\+[1-9]\d{6,14}$/, 'must be an E.164 number: +, country code, number, no spaces')
  .openapi({ description: 'E.164.', example: '+442079460000' });

export const Locale = z
  .string()
  .max(35)
  .regex(
    /^[a-z]{2,3}(-[A-Z][a-z]{3})?(-(?:[A-Z]{2}|\d{3}))?$/,
    'must be a BCP 47 language tag such as en, en-GB or zh-Hant-TW',
  )
  .openapi({ description: 'The language emails are written in (BCP 47).', example: 'en-GB' });

export const CustomerRegistration = z
  .strictObject({
    email: Email,
    password: Password,
    firstName: Name('Ada').optional(),
    lastName: Name('Lovelace').optional(),
    phone: Phone.optional(),
    locale: Locale.default('en'),
  })
  .openapi('CustomerRegistration');

export const CustomerProfilePatch = z
  .strictObject({
    firstName: orNull(Name('Ada')).optional(),
    lastName: orNull(Name('Lovelace')).optional(),
    phone: orNull(Phone).optional(),
    locale: Locale.optional(),
  })
  .openapi('CustomerProfilePatch', { description: 'Absent fields are kept; null clears one.' });

export const Customer = z
  .object({
    id: IssuedId('cus_01jd8c4r7t2n9v5x3q6w8y0z1a'),
    email: z.string().max(254).openapi({ example: 'ada@example.com' }),
    emailVerified: z.boolean(),
    firstName: orNull(z.string().max(100)).openapi({ example: 'Ada' }),
    lastName: orNull(z.string().max(100)).openapi({ example: 'Lovelace' }),
    phone: orNull(z.string().max(16)).openapi({ example: '+442079460000' }),
    locale: z.string().max(35).openapi({ example: 'en-GB' }),
    createdAt: Timestamp(),
    updatedAt: Timestamp(),
  })
  .openapi('Customer');

export const CUSTOMER_EXAMPLE = {
  id: 'cus_01jd8c4r7t2n9v5x3q6w8y0z1a',
  email: 'ada@example.com',
  emailVerified: false,
  firstName: 'Ada',
  lastName: 'Lovelace',
  phone: null,
  locale: 'en-GB',
  createdAt: '2026-12-02T10:00:00.000Z',
  updatedAt: '2026-12-02T10:00:00.000Z',
};
