import { sql } from 'drizzle-orm';
import type { Executor } from '../catalog-writes/executor';
import { type CustomerView, customerViewJson } from './view';

/** What a login checks a password against, and the account it opens. */
export interface CustomerCredentials {
  id: string;
  passwordHash: string;
  customer: CustomerView;
}

/** The account with this email (any case), for a login. One read of the unique index. */
export async function findCustomerCredentials(
  db: Executor,
  email: string,
): Promise<CustomerCredentials | undefined> {
  const { rows } = await db.execute<{ id: string; password_hash: string; view: CustomerView }>(sql`
    select c.id, c.password_hash, ${customerViewJson} as view
    from customers c where lower(c.email) = lower(${email})`);
  const row = rows[0];
  return row ? { id: row.id, passwordHash: row.password_hash, customer: row.view } : undefined;
}

/**
 * Stores a hash made at the current cost in place of `previous` (rehash on login). A password
 * changed meanwhile keeps its newer hash: the update matches only the hash it replaces.
 */
export async function replacePasswordHash(
  db: Executor,
  id: string,
  previous: string,
  next: string,
): Promise<void> {
  await db.execute(sql`
    update customers set password_hash = ${next} where id = ${id} and password_hash = ${previous}`);
}
