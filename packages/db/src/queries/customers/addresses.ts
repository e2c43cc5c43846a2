import { type SQL, sql } from 'drizzle-orm';
import type { Database } from '../../client';
import { type Executor, isoTimestamp, type Transaction } from '../catalog-writes/executor';

/** A postal address as `validateAddress` returns it. */
export interface PostalAddress {
  firstName: string;
  lastName: string;
  company?: string;
  line1: string;
  line2?: string;
  city: string;
  region?: string;
  postalCode: string;
  country: string;
  phone?: string;
}

/** An entry of the address book as the API shows it: the address's fields, flattened, and its own. */
export type AddressBookEntry = PostalAddress & {
  id: string;
  label: string | null;
  isDefaultShipping: boolean;
  isDefaultBilling: boolean;
  createdAt: string;
  updatedAt: string;
};

/** At most this many addresses per customer: a book, not a store of every address ever typed. */
export const MAX_ADDRESSES = 20;

const entryJson: SQL = sql`a.address || jsonb_build_object(
    'id', a.id, 'label', a.label, 'isDefaultShipping', a.is_default_shipping,
    'isDefaultBilling', a.is_default_billing,
    'createdAt', ${isoTimestamp(sql`a.created_at`)}, 'updatedAt', ${isoTimestamp(sql`a.updated_at`)})`;

/** The customer's addresses, oldest first. */
export async function listAddresses(db: Executor, customerId: string): Promise<AddressBookEntry[]> {
  const { rows } = await db.execute<{ entry: AddressBookEntry }>(sql`
    select ${entryJson} as entry from customer_addresses a
    where a.customer_id = ${customerId} order by a.created_at, a.id`);
  return rows.map((row) => row.entry);
}

/** One of the customer's addresses; another customer's is as absent as one that never was. */
export async function readAddress(
  db: Executor,
  customerId: string,
  id: string,
): Promise<AddressBookEntry | undefined> {
  const { rows } = await db.execute<{ entry: AddressBookEntry }>(sql`
    select ${entryJson} as entry from customer_addresses a where a.id = ${id} and a.customer_id = ${customerId}`);
  return rows[0]?.entry;
}

export interface AddressWrite {
  /** The validated address, stored as it is. */
  address?: PostalAddress;
  label?: string | null;
  isDefaultShipping?: boolean;
  isDefaultBilling?: boolean;
}

/**
 * Adds an address. The customer's row is locked first, so parallel adds count one after the
 * other and the book never passes MAX_ADDRESSES. The first address becomes the default for
 * shipping and billing unless the request says otherwise; a new default takes over from the old.
 */
export async function addAddress(
  db: Database,
  customerId: string,
  id: string,
  entry: Required<Pick<AddressWrite, 'address'>> & AddressWrite,
): Promise<AddressBookEntry | 'book_full' | 'no_customer'> {
  return db.transaction(async (tx) => {
    const locked = await tx.execute(sql`select 1 from customers where id = ${customerId} for update`);
    if (locked.rows.length === 0) return 'no_customer' as const;
    // Counted by a statement of its own, after the lock: one statement's snapshot predates its
    // wait for the lock and would not see the addresses the previous holder added.
    const { rows } = await tx.execute<{ count: number }>(sql`
      select count(*)::int as count from customer_addresses where customer_id = ${customerId}`);
    const count = rows[0]?.count ?? 0;
    if (count >= MAX_ADDRESSES) return 'book_full' as const;
    const first = count === 0;
    const isDefaultShipping = entry.isDefaultShipping ?? first;
    const isDefaultBilling = entry.isDefaultBilling ?? first;
    await clearDefaults(tx, customerId, isDefaultShipping, isDefaultBilling);
    const inserted = await tx.execute<{ entry: AddressBookEntry }>(sql`
      insert into customer_addresses as a (id, customer_id, label, address, is_default_shipping, is_default_billing)
      values (${id}, ${customerId}, ${entry.label ?? null}, ${JSON.stringify(entry.address)}::jsonb,
              ${isDefaultShipping}, ${isDefaultBilling})
      returning ${entryJson} as entry`);
    const stored = inserted.rows[0]?.entry;
    if (!stored) throw new Error(`address ${id} was not stored`);
    return stored;
  });
}

/**
 * Changes one of the customer's addresses to what `plan` makes of it (it sees the stored entry,
 * so a partial change merges with the current address; it may throw to refuse). The customer's
 * row is locked first: changes to one book apply one after the other, none lost, and two
 * addresses made default at once end with one default. Undefined when they have no such address.
 */
export async function updateAddress(
  db: Database,
  customerId: string,
  id: string,
  plan: (current: AddressBookEntry) => AddressWrite,
): Promise<AddressBookEntry | undefined> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select 1 from customers where id = ${customerId} for update`);
    const current = await readAddress(tx, customerId, id);
    if (!current) return undefined;
    const change = plan(current);
    await clearDefaults(
      tx,
      customerId,
      change.isDefaultShipping === true,
      change.isDefaultBilling === true,
      id,
    );
    const assignments: SQL[] = [sql`updated_at = now()`];
    if (change.address !== undefined)
      assignments.push(sql`address = ${JSON.stringify(change.address)}::jsonb`);
    if (change.label !== undefined) assignments.push(sql`label = ${change.label}`);
    if (change.isDefaultShipping !== undefined)
      assignments.push(sql`is_default_shipping = ${change.isDefaultShipping}`);
    if (change.isDefaultBilling !== undefined)
      assignments.push(sql`is_default_billing = ${change.isDefaultBilling}`);
    const { rows } = await tx.execute<{ entry: AddressBookEntry }>(sql`
      update customer_addresses a set ${sql.join(assignments, sql`, `)}
      where a.id = ${id} and a.customer_id = ${customerId}
      returning ${entryJson} as entry`);
    return rows[0]?.entry;
  });
}

/** Deletes one of the customer's addresses; false when they have none with this id. */
export async function deleteAddress(db: Executor, customerId: string, id: string): Promise<boolean> {
  const { rows } = await db.execute(sql`
    delete from customer_addresses where id = ${id} and customer_id = ${customerId} returning id`);
  return rows.length > 0;
}

/** Takes the default flags the new default takes over off the customer's other addresses. */
async function clearDefaults(
  tx: Transaction,
  customerId: string,
  shipping: boolean,
  billing: boolean,
  except = '',
): Promise<void> {
  if (!shipping && !billing) return;
  await tx.execute(sql`
    update customer_addresses
    set is_default_shipping = is_default_shipping and not ${shipping},
        is_default_billing = is_default_billing and not ${billing}
    where customer_id = ${customerId} and id <> ${except}
      and ((${shipping} and is_default_shipping) or (${billing} and is_default_billing))`);
}
