import { z } from 'zod';
import { eventData, instant, issuedId } from './fields';

const customerId = () => issuedId('customer', 'The customer');

/** The profile as the CRM keeps it. */
export const CustomerProfileSchema = z.object({
  customerId: customerId(),
  email: z.string().describe('The address the customer signs in with.'),
  firstName: z.string().nullable(),
  lastName: z.string().nullable(),
  phone: z.string().nullable().describe('E.164 (`+442079460000`), or null.'),
  locale: z.string().describe('The language emails to them are written in, a BCP 47 tag (`en`, `en-GB`).'),
  emailVerified: z
    .boolean()
    .describe('Whether they proved the address is theirs (the link the shop emailed).'),
});

const PROFILE_EXAMPLE = {
  customerId: 'cus_01jd7x6q2n8v0c4r5s6t7u8v9w',
  email: 'ada@example.com',
  firstName: 'Ada',
  lastName: 'Lovelace',
  phone: null,
  locale: 'en',
  emailVerified: false,
};

/** `CustomerRegistered` v1, aggregate `customer`. */
export const CustomerRegisteredV1 = eventData(
  CustomerProfileSchema,
  'A shopper opened an account. The profile as registered.',
  PROFILE_EXAMPLE,
);

/** `CustomerUpdated` v1, aggregate `customer`. */
export const CustomerUpdatedV1 = eventData(
  CustomerProfileSchema.extend({
    changed: z
      .array(z.enum(['email', 'firstName', 'lastName', 'phone', 'locale', 'emailVerified']))
      .min(1)
      .describe('The fields whose value changed.'),
    source: z
      .enum(['customer', 'crm'])
      .describe(
        'Who changed it: the customer (their account, or verifying their address) or the CRM (ADR 34), so the CRM can tell its own changes coming back.',
      ),
  }),
  'A customer changed their profile or verified their email address: the profile after the change, and which fields changed.',
  { ...PROFILE_EXAMPLE, emailVerified: true, changed: ['emailVerified'], source: 'customer' },
);

/** `CustomerDeleted` v1, aggregate `customer`. */
export const CustomerDeletedV1 = eventData(
  z.object({ customerId: customerId(), deletedAt: instant('When the account was erased') }),
  'A customer had their account erased (GDPR art. 17). No personal data: erase what you hold of `customerId`.',
  { customerId: 'cus_01jd7x6q2n8v0c4r5s6t7u8v9w', deletedAt: '2026-12-01T12:00:00.000Z' },
);

/** `CustomerDataExported` v1, aggregate `customer`. */
export const CustomerDataExportedV1 = eventData(
  z.object({ customerId: customerId(), exportedAt: instant('When they downloaded it') }),
  "A customer downloaded all the shop holds of them (GDPR art. 15 and 20), for the CRM's record of data-subject requests. No personal data.",
  { customerId: 'cus_01jd7x6q2n8v0c4r5s6t7u8v9w', exportedAt: '2026-12-01T11:00:00.000Z' },
);
