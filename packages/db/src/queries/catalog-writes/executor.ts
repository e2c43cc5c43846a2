import { type SQL, sql } from 'drizzle-orm';
import type { Database } from '../../client';

/** A transaction of the catalog database, as `db.transaction` hands it to its callback. */
export type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0];

/** Where a query can run: the database itself or an open transaction. */
export type Executor = Database | Transaction;

/**
 * A JSON document as one bind parameter. Batches travel this way and are unpacked in SQL with
 * `jsonb_to_recordset`, so a 500-item batch is one parameter of one statement, not 500 statements
 * (nor 5,000 parameters, which Postgres caps at 65,535).
 */
export const jsonParameter = (value: unknown): SQL => sql`${JSON.stringify(value)}::jsonb`;

/** A `text[]` built from one JSON parameter (drizzle would spread a JS array into a list). */
export const textArray = (values: readonly string[]): SQL =>
  sql`array(select jsonb_array_elements_text(${JSON.stringify(values)}::jsonb))`;

/** A timestamp as an ISO 8601 UTC string with milliseconds; null for ±infinity. */
export const isoTimestamp = (column: SQL): SQL =>
  sql`case when isfinite(${column}) then to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') end`;
