import { type SQL, sql } from 'drizzle-orm';
import type { Database } from '../../client';
import { type Executor, jsonParameter } from '../catalog-writes/executor';
import { appendOutboxEvents, type OutboxEvent } from '../catalog-writes/outbox';
import { type CustomerView, customerViewJson } from './view';

export type AccountTokenPurpose = 'email_verification' | 'password_reset';

/** A single-use token to issue and the email that carries it (ADR 25). */
export interface AccountEmail {
  purpose: AccountTokenPurpose;
  tokenHash: string;
  ttlSeconds: number;
  /** The email's id (`eml_…`), its template, and what it renders (the link); the first name is added. */
  emailId: string;
  template: string;
  data: Record<string, unknown>;
}

/**
 * Issues a token to the account `target` selects (`id, email, locale, first_name`) and queues the
 * email that carries it, in ONE statement: atomic without a transaction, and one round trip
 * whether or not `target` finds an account, so a password-reset request takes as long for an
 * unknown address as for a known one. An earlier unspent token of the same purpose stops working.
 * True when an account was found (and an email queued).
 */
async function issueAccountEmail(db: Executor, target: SQL, email: AccountEmail): Promise<boolean> {
  const { rows } = await db.execute(sql`
    with target as (${target}),
    spent as (
      delete from account_tokens
      where customer_id in (select id from target) and purpose = ${email.purpose} and used_at is null),
    token as (
      insert into account_tokens (token_hash, customer_id, purpose, email, expires_at)
      select ${email.tokenHash}, id, ${email.purpose}, email, now() + make_interval(secs => ${email.ttlSeconds})
      from target)
    insert into email_outbox (id, template, customer_id, recipient, locale, data)
    select ${email.emailId}, ${email.template}, id, email, locale,
           ${jsonParameter(email.data)} || jsonb_build_object('firstName', first_name)
    from target
    returning id`);
  return rows.length > 0;
}

/** A token and its email for the live account with this id (a registration, a new link). */
export function issueAccountEmailTo(db: Executor, customerId: string, email: AccountEmail): Promise<boolean> {
  return issueAccountEmail(
    db,
    sql`select id, email, locale, first_name from customers where id = ${customerId} and deleted_at is null`,
    email,
  );
}

/** A password-reset token and its email for whoever owns `address` (any case), if anyone does. */
export function requestPasswordReset(
  db: Executor,
  address: string,
  email: AccountEmail & { purpose: 'password_reset' },
): Promise<boolean> {
  return issueAccountEmail(
    db,
    sql`select id, email, locale, first_name from customers
        where lower(email) = lower(${address}) and deleted_at is null`,
    email,
  );
}

/** The address a live (unspent, unexpired) token of `purpose` went to; undefined otherwise. */
export async function findLiveAccountToken(
  db: Executor,
  tokenHash: string,
  purpose: AccountTokenPurpose,
): Promise<{ email: string } | undefined> {
  const { rows } = await db.execute<{ email: string }>(sql`
    select email from account_tokens
    where token_hash = ${tokenHash} and purpose = ${purpose} and used_at is null and expires_at > now()`);
  return rows[0];
}

/**
 * Spends a live token of `purpose` in the caller's transaction: the customer it was issued to
 * and the address it went to, or undefined when it is unknown, spent or expired. Setting
 * `used_at` in the statement that finds it makes two racing uses succeed once.
 */
async function spendToken(
  tx: Executor,
  tokenHash: string,
  purpose: AccountTokenPurpose,
): Promise<{ customerId: string; email: string } | undefined> {
  const { rows } = await tx.execute<{ customer_id: string; email: string }>(sql`
    update account_tokens set used_at = now()
    where token_hash = ${tokenHash} and purpose = ${purpose} and used_at is null and expires_at > now()
    returning customer_id, email`);
  const row = rows[0];
  return row ? { customerId: row.customer_id, email: row.email } : undefined;
}

/**
 * Marks the address a verification token went to as verified, if it is still the account's.
 * `changed` is false when it was verified already (then no event is due); undefined when the
 * token is unknown, spent or expired, or the account is gone or has another address now.
 */
export async function verifyEmail(
  db: Database,
  tokenHash: string,
  event: (view: CustomerView) => OutboxEvent,
): Promise<{ customer: CustomerView; changed: boolean } | undefined> {
  return db.transaction(async (tx) => {
    const token = await spendToken(tx, tokenHash, 'email_verification');
    if (!token) return undefined;
    const { rows } = await tx.execute<{ view: CustomerView; was_verified: boolean }>(sql`
      update customers c set email_verified_at = coalesce(c.email_verified_at, now()),
          updated_at = case when c.email_verified_at is null then now() else c.updated_at end
      from customers before
      where c.id = ${token.customerId} and before.id = c.id and c.deleted_at is null
        and lower(c.email) = lower(${token.email})
      returning ${customerViewJson} as view, before.email_verified_at is not null as was_verified`);
    const row = rows[0];
    if (!row) return undefined;
    if (!row.was_verified) await appendOutboxEvents(tx, [event(row.view)]);
    return { customer: row.view, changed: !row.was_verified };
  });
}

/**
 * Sets a new password with a reset token, in one transaction: the token is spent, every session
 * of the account ends (a thief's too), every other reset link stops working, and the address the
 * link reached counts as verified. The customer's id, or undefined when the token is unknown,
 * spent or expired.
 */
export async function resetPassword(
  db: Database,
  tokenHash: string,
  passwordHash: string,
): Promise<string | undefined> {
  return db.transaction(async (tx) => {
    const token = await spendToken(tx, tokenHash, 'password_reset');
    if (!token) return undefined;
    const { rows } = await tx.execute(sql`
      update customers set password_hash = ${passwordHash}, updated_at = now(),
          email_verified_at = case when lower(email) = lower(${token.email})
                                   then coalesce(email_verified_at, now()) else email_verified_at end
      where id = ${token.customerId} and deleted_at is null
      returning id`);
    if (rows.length === 0) return undefined;
    await tx.execute(sql`
      with others as (
        delete from account_tokens
        where customer_id = ${token.customerId} and purpose = 'password_reset' and used_at is null)
      update customer_sessions set revoked_at = now(), revoked_reason = 'password_reset'
      where customer_id = ${token.customerId} and revoked_at is null`);
    return token.customerId;
  });
}

/**
 * Deletes account tokens that can no longer be used, spent or expired, at most `limit` of them:
 * the address each went to is personal data with no use left once the link is dead.
 */
export async function pruneDeadAccountTokens(db: Executor, limit: number): Promise<number> {
  const { rows } = await db.execute(sql`
    delete from account_tokens where token_hash in (
      select token_hash from account_tokens where used_at is not null or expires_at <= now() limit ${limit})
    returning token_hash`);
  return rows.length;
}
