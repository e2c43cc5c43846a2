import { sql } from 'drizzle-orm';
import { jsonParameter, type Transaction, textArray } from '../catalog-writes/executor';
import { appendOutboxEvents, type OutboxEvent } from '../catalog-writes/outbox';
import { changedProfileFields, type ProfileField, type ProfilePatch } from '../customers/update-profile';
import { type CustomerView, customerViewJson } from '../customers/view';

/** A profile change from the CRM: the fields it changed (absent: kept, null: cleared) and its version. */
export interface CrmProfileUpdate extends ProfilePatch {
  customerId: string;
  /** The CRM's version of this customer's profile; only a higher one than stored applies. */
  sequence: number;
}

export type CrmProfileOutcome =
  /** Newer than what is stored: the fields that changed (none if it only restated them). */
  | { index: number; outcome: 'applied'; changed: ProfileField[]; currentSequence: number }
  /** The stored CRM version is the same or higher: nothing changed. */
  | { index: number; outcome: 'stale'; currentSequence: number }
  /** No live account has the id (never had, or erased): nothing stored. */
  | { index: number; outcome: 'unknown_customer' };

/**
 * Applies a batch of CRM profile changes in the caller's transaction, each customer at most once
 * per batch (the caller checks). The batch's live accounts are locked in id order first, so two
 * batches naming the same customers wait for each other instead of deadlocking, and each compares
 * its sequence with the one the other committed (a row re-read after its lock was waited for).
 * An update not above the stored sequence is stale; one that is stores its sequence and its
 * fields, and records `event(view, changed)` when a value changed: the same `CustomerUpdated` a
 * customer's own edit records. Three statements for the batch, whatever its size.
 */
export async function applyCrmProfileUpdates(
  tx: Transaction,
  updates: readonly CrmProfileUpdate[],
  event: (view: CustomerView, changed: ProfileField[]) => OutboxEvent,
): Promise<CrmProfileOutcome[]> {
  const ids = [...new Set(updates.map((update) => update.customerId))].sort();
  const { rows } = await tx.execute<{ view: CustomerView; sequence: string | null }>(sql`
    select ${customerViewJson} as view, c.crm_profile_sequence as sequence
    from customers c
    where c.id = any(${textArray(ids)}) and c.deleted_at is null
    order by c.id
    for update`);
  const held = new Map(rows.map((row) => [row.view.id, row]));

  const outcomes: CrmProfileOutcome[] = [];
  const writes: {
    id: string;
    firstName: string | null;
    lastName: string | null;
    phone: string | null;
    locale: string;
    sequence: number;
    touched: boolean;
  }[] = [];
  const changes = new Map<string, ProfileField[]>();
  for (const [index, update] of updates.entries()) {
    const row = held.get(update.customerId);
    if (!row) {
      outcomes.push({ index, outcome: 'unknown_customer' });
      continue;
    }
    const stored = row.sequence === null ? null : Number(row.sequence);
    if (stored !== null && update.sequence <= stored) {
      outcomes.push({ index, outcome: 'stale', currentSequence: stored });
      continue;
    }
    const before = row.view;
    const changed = changedProfileFields(before, update);
    writes.push({
      id: before.id,
      firstName: update.firstName === undefined ? before.firstName : update.firstName,
      lastName: update.lastName === undefined ? before.lastName : update.lastName,
      phone: update.phone === undefined ? before.phone : update.phone,
      locale: update.locale ?? before.locale,
      sequence: update.sequence,
      touched: changed.length > 0,
    });
    changes.set(before.id, changed);
    outcomes.push({ index, outcome: 'applied', changed, currentSequence: update.sequence });
  }
  if (writes.length === 0) return outcomes;

  const { rows: updated } = await tx.execute<{ view: CustomerView }>(sql`
    update customers c set
      first_name = i."firstName", last_name = i."lastName", phone = i.phone, locale = i.locale,
      crm_profile_sequence = i.sequence,
      updated_at = case when i.touched then now() else c.updated_at end
    from jsonb_to_recordset(${jsonParameter(writes)}) as i(
      id text, "firstName" text, "lastName" text, phone text, locale text, sequence bigint, touched boolean)
    where c.id = i.id
    returning ${customerViewJson} as view`);
  const events = updated.flatMap(({ view }) => {
    const changed = changes.get(view.id) ?? [];
    return changed.length > 0 ? [event(view, changed)] : [];
  });
  await appendOutboxEvents(tx, events);
  return outcomes;
}
