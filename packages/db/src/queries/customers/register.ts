import { sql } from 'drizzle-orm';
import type { Database } from '../../client';
import { appendOutboxEvents, type OutboxEvent } from '../catalog-writes/outbox';
import { type AccountEmail, issueAccountEmailTo } from './account-tokens';
import { type CustomerView, customerViewJson } from './view';

export interface NewCustomer {
  id: string;
  email: string;
  passwordHash: string;
  firstName: string | null;
  lastName: string | null;
  phone: string | null;
  locale: string;
}

/**
 * Stores a new account, its `CustomerRegistered` event and its address-verification email in one
 * transaction; `email_taken` when
 * an account already has the address in any case (the unique index decides, so two registrations
 * racing for one address make one account).
 */
export async function registerCustomer(
  db: Database,
  customer: NewCustomer,
  event: (view: CustomerView) => OutboxEvent,
  verification: AccountEmail,
): Promise<{ registered: CustomerView } | { refused: 'email_taken' }> {
  return db.transaction(async (tx) => {
    const { rows } = await tx.execute<{ view: CustomerView }>(sql`
      with inserted as (
        insert into customers (id, email, password_hash, first_name, last_name, phone, locale)
        values (${customer.id}, ${customer.email}, ${customer.passwordHash}, ${customer.firstName},
                ${customer.lastName}, ${customer.phone}, ${customer.locale})
        on conflict (lower(email)) do nothing
        returning *)
      select ${customerViewJson} as view from inserted c`);
    const view = rows[0]?.view;
    if (!view) return { refused: 'email_taken' } as const;
    await appendOutboxEvents(tx, [event(view)]);
    await issueAccountEmailTo(tx, view.id, verification);
    return { registered: view };
  });
}
