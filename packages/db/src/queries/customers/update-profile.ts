import { sql } from 'drizzle-orm';
import type { Database } from '../../client';
import { appendOutboxEvents, type OutboxEvent } from '../catalog-writes/outbox';
import { type CustomerView, customerViewJson } from './view';

/** The profile fields a customer changes themselves; absent = unchanged, null = cleared. */
export interface ProfilePatch {
  firstName?: string | null;
  lastName?: string | null;
  phone?: string | null;
  locale?: string;
}

const COLUMNS = { firstName: 'first_name', lastName: 'last_name', phone: 'phone', locale: 'locale' } as const;

/** A profile field a patch may change. */
export type ProfileField = keyof ProfilePatch;

/** The fields `patch` sets to another value than `before` holds, in one order for every caller. */
export function changedProfileFields(before: CustomerView, patch: ProfilePatch): ProfileField[] {
  return (Object.keys(COLUMNS) as ProfileField[]).filter(
    (field) => patch[field] !== undefined && patch[field] !== before[field],
  );
}

/**
 * Applies `patch` to the customer's profile and records `CustomerUpdated` naming the fields whose
 * value changed, in one transaction with the row locked (two edits apply one after the other and
 * each event names its own changes). Nothing changed: no write, no event. Undefined: no such customer.
 */
export async function updateCustomerProfile(
  db: Database,
  id: string,
  patch: ProfilePatch,
  event: (view: CustomerView, changed: ProfileField[]) => OutboxEvent,
): Promise<CustomerView | undefined> {
  return db.transaction(async (tx) => {
    const { rows } = await tx.execute<{ view: CustomerView }>(sql`
      select ${customerViewJson} as view from customers c where c.id = ${id} for update`);
    const before = rows[0]?.view;
    if (!before) return undefined;
    const changed = changedProfileFields(before, patch);
    if (changed.length === 0) return before;
    const assignments = sql.join(
      changed.map((field) => sql`${sql.identifier(COLUMNS[field])} = ${patch[field]}`),
      sql`, `,
    );
    const updated = await tx.execute<{ view: CustomerView }>(sql`
      update customers c set ${assignments}, updated_at = now() where c.id = ${id}
      returning ${customerViewJson} as view`);
    const after = updated.rows[0]?.view;
    if (!after) throw new Error(`customer ${id} vanished while locked`);
    await appendOutboxEvents(tx, [event(after, changed)]);
    return after;
  });
}
