import { CURRENCY_CODES, MAX_AMOUNT } from '@edge-commerce/domain';
import { z } from '@hono/zod-openapi';

// The building blocks of every catalog write, PIM and admin alike: one definition of what a
// well-formed handle, SKU or amount is. They check single fields only (type, format, range);
// rules that relate fields, items or stored rows are checked by the batch and admin rules.

export const Handle = z
  .string()
  .max(200)
  .regex(/^[a-z0-9][a-z0-9_-]*$/, 'must be lowercase ASCII letters, digits, "-" or "_"')
  .openapi({ example: 'linen-shirt' });

export const CategoryHandle = z
  .string()
  .max(100)
  .regex(/^[a-z0-9][a-z0-9_-]*$/, 'must be lowercase ASCII letters, digits, "-" or "_"')
  .openapi({ example: 'shirts' });

export const Sku = z
  .string()
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._/-]*$/, 'must be ASCII letters, digits, ".", "_", "/" or "-"')
  .openapi({ example: 'LS-BLUE-M' });

export const Title = z.string().trim().min(1).max(255);

export const Description = z.string().max(20_000);

export const Vendor = z.string().trim().min(1).max(255).nullable();

export const ProductStatus = z.enum(['draft', 'active', 'archived']).openapi({ example: 'active' });

export const Tags = z
  .array(z.string().trim().min(1).max(64))
  .max(50)
  .transform((tags) => [...new Set(tags)])
  .openapi({ example: ['linen', 'summer'] });

export const Attributes = z
  .record(
    z.string().min(1).max(64),
    z.union([z.string().max(1_000), z.number().refine(Number.isFinite, 'must be finite'), z.boolean()]),
  )
  .refine((attributes) => Object.keys(attributes).length <= 50, 'must have at most 50 attributes')
  .openapi({ example: { material: 'linen', fit: 'regular' } });

const OptionName = z.string().trim().min(1).max(64);
const OptionValue = z.string().trim().min(1).max(64);

export const OptionDefinition = z
  .strictObject({
    name: OptionName.openapi({ example: 'size' }),
    values: z
      .array(OptionValue)
      .min(1)
      .max(100)
      .openapi({ example: ['S', 'M', 'L'] }),
  })
  .openapi('OptionDefinition');

export const OptionDefinitions = z.array(OptionDefinition).max(3);

/** Option name → value, e.g. `{ "size": "M" }`. */
export const OptionValues = z
  .record(OptionName, OptionValue)
  .openapi({ example: { size: 'M', colour: 'Blue' } });

export const WeightGrams = z.number().int().min(0).max(10_000_000).nullable();

export const MediaInput = z
  .strictObject({
    url: z
      .url({ protocol: /^https$/, error: 'must be an https:// URL' })
      .max(2_048)
      .openapi({ example: 'https://cdn.example.com/linen-shirt-blue.jpg' }),
    alt: z.string().max(512).default(''),
  })
  .openapi('MediaInput');

export const Version = z
  .number()
  .int()
  .min(1)
  .max(Number.MAX_SAFE_INTEGER)
  .openapi({ description: "The PIM's version of the record; higher wins.", example: 42 });

export const Currency = z.enum(CURRENCY_CODES).openapi({ example: 'EUR' });

/** Integer minor units (cents), never a float. */
export const Amount = z.number().int('must be an integer amount of minor units').min(0).max(MAX_AMOUNT);

export const Instant = z.iso
  .datetime({ offset: true })
  .transform((value) => new Date(value).toISOString())
  .openapi({ example: '2026-11-27T00:00:00Z' });

/** A variant as both doors into the catalog (PIM and admin) accept it. */
export const variantFields = {
  sku: Sku,
  title: Title.optional().openapi({ description: 'Defaults to the option values, "M / Blue".' }),
  options: OptionValues.default({}),
  weightGrams: WeightGrams.optional(),
  availableForSale: z.boolean().default(true),
};
