import { sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { check } from 'drizzle-orm/pg-core';

/** A CHECK that ids carry their type prefix (`prod_…`), so a stray id in a log says what it is. */
export const idPrefixCheck = (table: string, column: AnyPgColumn, prefix: string) =>
  check(`${table}_id_prefix`, sql`${column} like ${sql.raw(`'${prefix}\\_%'`)}`);
