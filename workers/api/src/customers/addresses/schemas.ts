import { z } from '@hono/zod-openapi';
import { AddressSchema } from '../../carts/schemas';
import { Text } from '../../input/text';
import { IssuedId, Timestamp } from '../../openapi/bounded';
import { orNull } from '../../openapi/or-null';

// The address book's bodies: an entry is a postal address (the cart's fields and rules) with a
// label and the two default flags. The id, timestamps and owner are the server's.

const Label = Text({ min: 1, max: 50, trim: true }).openapi({
  description: 'What you call it.',
  example: 'Home',
});
const DefaultShipping = z
  .boolean()
  .openapi({ description: 'Offered first for shipping; one address at most.' });
const DefaultBilling = z
  .boolean()
  .openapi({ description: 'Offered first for billing; one address at most.' });

// A schema of its own, not an extension of Address: the document would show one as Address
// (closed to other fields) and the extra fields beside it, which no body could satisfy.
export const CustomerAddressCreate = z
  .strictObject({
    ...AddressSchema.shape,
    label: Label.optional(),
    isDefaultShipping: DefaultShipping.optional(),
    isDefaultBilling: DefaultBilling.optional(),
  })
  .openapi('CustomerAddressCreate', {
    description:
      'A new address. The first one becomes the default for shipping and billing unless it says otherwise.',
  });

const { company, line2, region, phone, ...required } = AddressSchema.shape;

export const CustomerAddressPatch = z
  .strictObject({
    ...Object.fromEntries(Object.entries(required).map(([name, schema]) => [name, schema.optional()])),
    company: orNull(company.unwrap()).optional(),
    line2: orNull(line2.unwrap()).optional(),
    region: orNull(region.unwrap()).optional(),
    phone: orNull(phone.unwrap()).optional(),
    label: orNull(Label).optional(),
    isDefaultShipping: DefaultShipping.optional(),
    isDefaultBilling: DefaultBilling.optional(),
  })
  .openapi('CustomerAddressPatch', {
    description: 'The fields to change; null clears an optional one. The whole address is checked again.',
  });

export const CustomerAddress = z
  .object({
    id: IssuedId('addr_01jd8c4r7t2n9v5x3q6w8y0z1a'),
    label: orNull(z.string().max(50)),
    firstName: z.string().max(100),
    lastName: z.string().max(100),
    company: z.string().max(200).optional(),
    line1: z.string().max(200),
    line2: z.string().max(200).optional(),
    city: z.string().max(100),
    region: z.string().max(100).optional(),
    postalCode: z.string().max(20),
    country: z.string().max(2),
    phone: z.string().max(32).optional(),
    isDefaultShipping: z.boolean(),
    isDefaultBilling: z.boolean(),
    createdAt: Timestamp(),
    updatedAt: Timestamp(),
  })
  .openapi('CustomerAddress');

export const CustomerAddressList = z
  .object({
    data: z.array(CustomerAddress).max(20),
    nextCursor: z
      .null()
      .openapi({ description: 'Always null: a book holds at most 20 addresses, one page.' }),
  })
  .openapi('CustomerAddressList');

export const AddressIdParam = z.object({
  addressId: Text({ max: 100 }).openapi({
    param: { name: 'addressId', in: 'path' },
    example: 'addr_01jd8c4r7t2n9v5x3q6w8y0z1a',
  }),
});

export const ADDRESS_EXAMPLE = {
  id: 'addr_01jd8c4r7t2n9v5x3q6w8y0z1a',
  label: 'Home',
  firstName: 'Ada',
  lastName: 'Lovelace',
  line1: '500 Market Street',
  city: 'San Francisco',
  region: 'CA',
  postalCode: '94105',
  country: 'US',
  isDefaultShipping: true,
  isDefaultBilling: true,
  createdAt: '2026-12-02T10:00:00.000Z',
  updatedAt: '2026-12-02T10:00:00.000Z',
};
