import { sql } from 'drizzle-orm';
import type { Database } from '../../client';
import { type Executor, isoTimestamp } from '../catalog-writes/executor';
import { appendOutboxEvents, type OutboxEvent } from '../catalog-writes/outbox';
import { type AddressBookEntry, listAddresses } from './addresses';
import { type CustomerView, readCustomer } from './view';

/** A session as the customer's export shows it: when and why it ended, never its tokens. */
export interface SessionRecord {
  id: string;
  createdAt: string;
  revokedAt: string | null;
  revokedReason: string | null;
}

/** Everything the shop holds of a customer (GDPR art. 15 and 20), as one document. */
export interface CustomerExport {
  customer: CustomerView;
  addresses: AddressBookEntry[];
  sessions: SessionRecord[];
}

export async function exportCustomer(db: Executor, id: string): Promise<CustomerExport | undefined> {
  const customer = await readCustomer(db, id);
  if (!customer) return undefined;
  const [addresses, sessions] = await Promise.all([
    listAddresses(db, id),
    db.execute<{ session: SessionRecord }>(sql`
      select jsonb_build_object('id', s.id, 'createdAt', ${isoTimestamp(sql`s.created_at`)},
               'revokedAt', ${isoTimestamp(sql`s.revoked_at`)}, 'revokedReason', s.revoked_reason) as session
      from customer_sessions s where s.customer_id = ${id} order by s.created_at, s.id`),
  ]);
  return { customer, addresses, sessions: sessions.rows.map((row) => row.session) };
}

/**
 * Erases a customer (GDPR art. 17) in one transaction: the account row becomes a tombstone (no
 * email, name, phone or password; `deleted_at` set) so that what accounting keeps can still name
 * the id, its addresses, sessions (and with them every refresh token) and support tickets are deleted, and
 * `event(deletedAt)` is recorded for the CRM. False when there was no live account to erase.
 */
export async function eraseCustomer(
  db: Database,
  id: string,
  event: (deletedAt: string) => OutboxEvent,
): Promise<boolean> {
  return db.transaction(async (tx) => {
    const { rows } = await tx.execute<{ deleted_at: string }>(sql`
      update customers
      set email = id || '@erased.invalid', password_hash = '!erased', first_name = null, last_name = null,
          phone = null, locale = 'en', email_verified_at = null, deleted_at = now(), updated_at = now()
      where id = ${id} and deleted_at is null
      returning ${isoTimestamp(sql`deleted_at`)} as deleted_at`);
    const erased = rows[0];
    if (!erased) return false;
    await tx.execute(sql`delete from customer_addresses where customer_id = ${id}`);
    await tx.execute(sql`delete from customer_sessions where customer_id = ${id}`);
    // The CRM's tickets name the customer in their subjects; the CRM erases its own on CustomerDeleted.
    await tx.execute(sql`delete from support_tickets where customer_id = ${id}`);
    // Unsent emails and their links, and sent ones' addresses: personal data with no use left.
    await tx.execute(sql`
      with tokens as (delete from account_tokens where customer_id = ${id}),
      carts as (delete from customer_carts where customer_id = ${id})
      delete from email_outbox where customer_id = ${id}`);
    await appendOutboxEvents(tx, [event(erased.deleted_at)]);
    return true;
  });
}
