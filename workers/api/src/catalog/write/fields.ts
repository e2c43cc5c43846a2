import { CURRENCY_CODES, MAX_AMOUNT } from '@edge-commerce/domain';
import { MAX_QUANTITY } from '@edge-commerce/inventory';
import { z } from '@hono/zod-openapi';
import { cleanText, Text } from '../../input/text';
import { Integer } from '../../openapi/bounded';

// The building blocks of every catalog write, PIM and admin alike: one definition of what a
// well-formed handle, SKU or amount is. They check single fields only (type, format, range);
// rules that relate fields, items or stored rows are checked by the batch and admin rules.

export const Handle = Text({ max: 200 })
  .regex(/^[a-z0-9][a-z0-9_-]*$/, 'must be lowercase ASCII letters, digits, "-" or "_"')
  .openapi({ example: 'linen-shirt' });

export const CategoryHandle = Text({ max: 100 })
  .regex(/^[a-z0-9][a-z0-9_-]*$/, 'must be lowercase ASCII letters, digits, "-" or "_"')
  .openapi({ example: 'shirts' });

export const Sku = Text({ max: 64 })
  .regex(/^[A-Za-z0-9][A-Za-z0-9._/-]*$/, 'must be ASCII letters, digits, ".", "_", "/" or "-"')
  .openapi({ example: 'LS-BLUE-M' });

export const Title = Text({ min: 1, max: 255, trim: true });

/** Paragraphs: line breaks and tabs are kept. */
export const Description = Text({ max: 20_000, lines: true });

export const Vendor = Text({ min: 1, max: 255, trim: true }).nullable();

export const ProductStatus = z.enum(['draft', 'active', 'archived']).openapi({ example: 'active' });

export const Tags = z
  .array(Text({ min: 1, max: 64, trim: true }))
  .max(50)
  .transform((tags) => [...new Set(tags)])
  .openapi({ example: ['linen', 'summer'] });

export const Attributes = z
  .record(
    Text({ min: 1, max: 64 }),
    z.union([
      Text({ max: 1_000, lines: true }),
      z.number().refine(Number.isFinite, 'must be finite'),
      z.boolean(),
    ]),
  )
  .refine((attributes) => Object.keys(attributes).length <= 50, 'must have at most 50 attributes')
  .openapi({ example: { material: 'linen', fit: 'regular' } });

const OptionName = Text({ min: 1, max: 64, trim: true });
const OptionValue = Text({ min: 1, max: 64, trim: true });

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

export const WeightGrams = Integer(0, 10_000_000).nullable();

export const MediaInput = z
  .strictObject({
    url: z
      .url({ protocol: /^https$/, error: 'must be an https:// URL' })
      .max(2_048)
      .check(cleanText())
      .openapi({ example: 'https://cdn.example.com/linen-shirt-blue.jpg' }),
    alt: Text({ max: 512 }).default(''),
  })
  .openapi('MediaInput');

export const Version = Integer(1, Number.MAX_SAFE_INTEGER).openapi({
  description: "The PIM's version of the record; higher wins.",
  example: 42,
});

export const Currency = z.enum(CURRENCY_CODES).openapi({ example: 'EUR' });

/** Integer minor units (cents), never a float. */
export const Amount = z
  .number()
  .int('must be an integer amount of minor units')
  .min(0)
  .max(MAX_AMOUNT)
  .openapi({ format: 'int64' });

export { Instant } from '../../input/instant';

export const InventoryPolicy = z.enum(['deny', 'backorder', 'preorder']).openapi({
  description:
    'Whether the variant may be sold beyond its stock. `deny`: never. `backorder`: yes, up to ' +
    '`oversellLimit` units, shipped when restocked. `preorder`: the same, for a variant not released ' +
    'yet. Stock is reserved alike under both; shoppers are told which applies.',
  example: 'backorder',
});

/**
 * A variant's stock policy, as every door into the catalog accepts it. Each field is optional:
 * absent keeps what is stored (on create: `deny`, 0, 0). The rules that relate them (a limit only
 * with its policy, none under `deny`) are checked by `checkStockPolicy`, as 422s.
 */
export const stockPolicyFields = {
  inventoryPolicy: InventoryPolicy.optional(),
  oversellLimit: Integer(0, MAX_QUANTITY)
    .optional()
    .openapi({
      description:
        'How many units may be sold beyond stock under `backorder` or `preorder` (available to sell ' +
        'may go down to minus this). Required with those policies, 0 or absent with `deny`, and ' +
        'only sent together with `inventoryPolicy`.',
      example: 20,
    }),
  lowStockThreshold: Integer(0, MAX_QUANTITY)
    .optional()
    .openapi({
      description:
        'An `InventoryUpdated` event is recorded when available to sell crosses it (and when it ' +
        'crosses zero); 0 announces zero only. Defaults to 0.',
      example: 5,
    }),
};

/** A variant as both doors into the catalog (PIM and admin) accept it. */
export const variantFields = {
  sku: Sku,
  title: Title.optional().openapi({ description: 'Defaults to the option values, "M / Blue".' }),
  options: OptionValues.default({}),
  weightGrams: WeightGrams.optional(),
  availableForSale: z.boolean().default(true),
  ...stockPolicyFields,
};
