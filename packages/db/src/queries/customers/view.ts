import { type SQL, sql } from 'drizzle-orm';
import { type Executor, isoTimestamp } from '../catalog-writes/executor';

/** A customer as they and the API see their account: never the password hash. */
export interface CustomerView {
  id: string;
  email: string;
  emailVerified: boolean;
  firstName: string | null;
  lastName: string | null;
  phone: string | null;
  locale: string;
  createdAt: string;
  updatedAt: string;
}

/** The view of the customers row aliased `c`, as one jsonb value. */
export const customerViewJson: SQL = sql`jsonb_build_object(
      'id', c.id, 'email', c.email, 'emailVerified', c.email_verified_at is not null,
      'firstName', c.first_name, 'lastName', c.last_name, 'phone', c.phone, 'locale', c.locale,
      'createdAt', ${isoTimestamp(sql`c.created_at`)}, 'updatedAt', ${isoTimestamp(sql`c.updated_at`)}
    )`;

/**
 * The customer an access token names, if the session it was issued for is still live: a logout,
 * a password change or a reused refresh token ends the session, and with it, here, the access
 * tokens issued for it. The account is read anyway, so this check costs no extra round trip.
 */
export async function readCustomerForToken(
  db: Executor,
  id: string,
  sessionId: string,
): Promise<CustomerView | undefined> {
  const { rows } = await db.execute<{ view: CustomerView }>(sql`
    select ${customerViewJson} as view
    from customers c join customer_sessions s on s.customer_id = c.id
    where c.id = ${id} and c.deleted_at is null and s.id = ${sessionId} and s.revoked_at is null`);
  return rows[0]?.view;
}

/** A customer by id, in one statement; undefined when there is none. */
export async function readCustomer(db: Executor, id: string): Promise<CustomerView | undefined> {
  const { rows } = await db.execute<{ view: CustomerView }>(sql`
    select ${customerViewJson} as view from customers c where c.id = ${id}`);
  return rows[0]?.view;
}
