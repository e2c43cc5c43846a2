import { sql } from 'drizzle-orm';
import type { Database } from '../../client';
import type { Executor } from '../catalog-writes/executor';
import { type CustomerView, customerViewJson } from './view';

/** What a login checks a password against, and the account it opens. */
export interface CustomerCredentials {
  id: string;
  passwordHash: string;
  customer: CustomerView;
}

/**
 * The live account with this email (any case), for a login. One read of the unique index. An
 * erased account's tombstone is not one: its login checks the unknown-account hash like any other.
 */
export async function findCustomerCredentials(
  db: Executor,
  email: string,
): Promise<CustomerCredentials | undefined> {
  const { rows } = await db.execute<{ id: string; password_hash: string; view: CustomerView }>(sql`
    select c.id, c.password_hash, ${customerViewJson} as view
    from customers c where lower(c.email) = lower(${email}) and c.deleted_at is null`);
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

/** The password hash of the customer with this id, for a check before a change. */
export async function findPasswordHash(db: Executor, id: string): Promise<string | undefined> {
  const { rows } = await db.execute<{ password_hash: string }>(sql`
    select password_hash from customers where id = ${id}`);
  return rows[0]?.password_hash;
}

/**
 * Sets a new password and ends every session of the customer, in one transaction: their refresh
 * tokens stop working, and so do their access tokens wherever the account is read.
 * False when `previous` is no longer the stored hash (a change that raced this one won).
 */
export async function changePassword(
  db: Database,
  id: string,
  previous: string,
  next: string,
): Promise<boolean> {
  return db.transaction(async (tx) => {
    const { rows } = await tx.execute(sql`
      update customers set password_hash = ${next}, updated_at = now()
      where id = ${id} and password_hash = ${previous} returning id`);
    if (rows.length === 0) return false;
    await tx.execute(sql`
      update customer_sessions set revoked_at = now(), revoked_reason = 'password_changed'
      where customer_id = ${id} and revoked_at is null`);
    return true;
  });
}
