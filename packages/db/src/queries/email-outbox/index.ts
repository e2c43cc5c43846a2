import { sql } from 'drizzle-orm';
import type { Database } from '../../client';
import { type Executor, jsonParameter, textArray } from '../catalog-writes/executor';

/** An email to send, as its cause records it (ADR 25). */
export interface QueuedEmail {
  id: string;
  template: string;
  customerId: string | null;
  recipient: string;
  locale: string;
  /** What the template needs; may hold a single-use link, so it is cleared once the email is done. */
  data: Record<string, unknown>;
}

/** An email a sender has taken: its attempt number counts this one. */
export type DueEmail = Omit<QueuedEmail, 'customerId'> & { attempts: number };

/** Records an email to send, in the caller's transaction. */
export async function enqueueEmail(tx: Executor, email: QueuedEmail): Promise<void> {
  await tx.execute(sql`
    insert into email_outbox (id, template, customer_id, recipient, locale, data)
    values (${email.id}, ${email.template}, ${email.customerId}, ${email.recipient}, ${email.locale},
            ${jsonParameter(email.data)})`);
}

/**
 * Takes up to `limit` pending emails that are due (of `ids` only, when given), oldest first, and
 * pushes each one's next attempt `leaseSeconds` ahead: another sender (the cron, a second kick)
 * skips them meanwhile, and a sender that dies leaves them to the next one after the lease.
 */
export async function takeDueEmails(
  db: Database,
  options: { limit: number; leaseSeconds: number; ids?: readonly string[] },
): Promise<DueEmail[]> {
  const only = options.ids ? sql`and id = any(${textArray(options.ids)})` : sql``;
  const { rows } = await db.execute<DueEmail>(sql`
    update email_outbox set attempts = attempts + 1,
        next_attempt_at = now() + make_interval(secs => ${options.leaseSeconds})
    where id in (
      select id from email_outbox
      where status = 'pending' and next_attempt_at <= now() ${only}
      order by next_attempt_at limit ${options.limit}
      for update skip locked)
    returning id, template, recipient, locale, data, attempts`);
  return rows;
}

/** The provider took it: done, and the link it carried is no longer kept. */
export async function markEmailSent(db: Executor, id: string, providerId: string): Promise<void> {
  await db.execute(sql`
    update email_outbox set status = 'sent', provider_id = ${providerId}, sent_at = now(), data = null,
        last_error = null
    where id = ${id}`);
}

/** This attempt failed: try again after `retryInSeconds`, or give up (`null`) and drop the link. */
export async function markEmailAttemptFailed(
  db: Executor,
  id: string,
  error: string,
  retryInSeconds: number | null,
): Promise<void> {
  const next =
    retryInSeconds === null
      ? sql`status = 'failed', data = null`
      : sql`next_attempt_at = now() + make_interval(secs => ${retryInSeconds})`;
  await db.execute(sql`
    update email_outbox set ${next}, last_error = ${error.slice(0, 1_000)} where id = ${id}`);
}

/** Deletes sent and failed emails older than `retentionDays`, at most `limit` of them. */
export async function pruneFinishedEmails(
  db: Executor,
  retentionDays: number,
  limit: number,
): Promise<number> {
  const { rows } = await db.execute(sql`
    delete from email_outbox where id in (
      select id from email_outbox
      where status <> 'pending' and created_at < now() - make_interval(days => ${retentionDays})
      limit ${limit})
    returning id`);
  return rows.length;
}

/**
 * Records the email an integration event asks for (an order confirmation, a shipment, a cart
 * reminder), once per event: a redelivered or replayed event finds its email and adds nothing.
 * Answers whether this call queued it.
 */
export async function enqueueEventEmail(
  db: Executor,
  email: QueuedEmail & { eventId: string },
): Promise<boolean> {
  const { rows } = await db.execute<{ id: string }>(sql`
    insert into email_outbox (id, template, customer_id, recipient, locale, data, event_id)
    values (${email.id}, ${email.template}, ${email.customerId}, ${email.recipient}, ${email.locale},
            ${jsonParameter(email.data)}, ${email.eventId})
    on conflict (event_id) do nothing
    returning id`);
  return rows.length === 1;
}
