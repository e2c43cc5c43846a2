import { z } from 'zod';
import { ID_PREFIXES, type IdKind } from '../../ids';

// The building blocks of the event schemas: one wording for ids, times, money and counts, so
// every event says them the same way in the JSON Schema partners read (API-CONVENTIONS.md).

/** Describes `schema` when there is something to say (a nullable field says it once, outside). */
const said = <T extends z.ZodType>(schema: T, description: string | undefined): T =>
  description === undefined ? schema : schema.describe(description);

/** An id the shop issued: its kind's prefix, then lower-case base32, as `isId` accepts it. */
export function issuedId(kind: IdKind, description?: string) {
  const prefix = ID_PREFIXES[kind];
  return said(
    z.string().regex(new RegExp(`^${prefix}_[0-9a-z]{1,64}$`)),
    description && `${description} (\`${prefix}_…\`).`,
  );
}

/** An instant as the events write it: ISO 8601 in UTC (`Z`), with milliseconds. */
export function instant(description?: string) {
  return said(
    z.iso.datetime(),
    description && `${description}: ISO 8601, UTC (\`2026-11-22T10:00:00.000Z\`).`,
  );
}

/** An amount of money: a non-negative integer in minor units of the event's currency. */
export function amount(description?: string) {
  return said(
    z.int().nonnegative(),
    description &&
      `${description}, an integer in minor units of the currency (1999 is 19.99 USD, or ¥1999: JPY has no minor unit).`,
  );
}

/** A non-negative whole number of something (units, lines, categories). */
export function count(description: string) {
  return z.int().nonnegative().describe(description);
}

/** Units of a line: at least one. */
export const quantity = (description = 'Units.') => z.int().positive().describe(description);

export const currency = () =>
  z
    .string()
    .regex(/^[A-Z]{3}$/)
    .describe('ISO 4217 currency code, upper case (`USD`): what every amount of the event is in.');

export const sku = (description = 'The stock-keeping unit: the variant as warehouses and the PIM name it.') =>
  z.string().min(1).describe(description);

/** The order number shoppers and operators read (`481-042-975`), not its id. */
export const orderNumber = () =>
  z
    .string()
    .regex(/^\d{3}-\d{3}-\d{3}$/)
    .describe('The order number shoppers and operators read (`481-042-975`).');

/** A reason a person gave, or null when they gave none. */
export const reason = (description: string) => z.string().nullable().describe(description);

/**
 * The event's `data` schema with what it means and one realistic example, typed by the schema so
 * the example cannot drift from it; the example becomes the JSON Schema's `examples`.
 */
export function eventData<T extends z.ZodType>(schema: T, description: string, example: z.input<T>): T {
  return schema.meta({ description, examples: [example] });
}
