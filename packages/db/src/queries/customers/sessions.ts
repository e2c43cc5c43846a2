import { sql } from 'drizzle-orm';
import type { Database } from '../../client';
import type { Executor } from '../catalog-writes/executor';

/** A refresh token to store: its hash and lifetime. */
export interface NewRefreshToken {
  tokenHash: string;
  ttlSeconds: number;
}

/** Starts a session for a login with its first refresh token, in one statement. */
export async function openSession(
  db: Executor,
  session: { id: string; customerId: string },
  token: NewRefreshToken,
): Promise<void> {
  await db.execute(sql`
    with session as (
      insert into customer_sessions (id, customer_id) values (${session.id}, ${session.customerId})
      returning id)
    insert into refresh_tokens (token_hash, session_id, expires_at)
    select ${token.tokenHash}, session.id, now() + make_interval(secs => ${token.ttlSeconds}) from session`);
}

/** What presenting a refresh token came to. */
export type Rotation =
  /** It was good: it is spent now and `next` replaces it in the same session. */
  | { outcome: 'rotated'; customerId: string; sessionId: string }
  /** It was spent before: someone holds a copy, and its session is revoked now. */
  | { outcome: 'reused'; sessionId: string }
  /** Unknown, expired, or of a session that has ended. */
  | { outcome: 'refused' };

/**
 * Spends the refresh token hashing to `presented` and stores `next` in its session, in one
 * transaction with the token's row locked, so two refreshes with one token cannot both succeed:
 * the second finds it spent, which is what a stolen copy looks like (RFC 9700 §4.14.2), and
 * revokes the session for both holders.
 */
export async function rotateRefreshToken(
  db: Database,
  presented: string,
  next: NewRefreshToken,
): Promise<Rotation> {
  return db.transaction(async (tx) => {
    const { rows } = await tx.execute<{
      session_id: string;
      customer_id: string;
      spent: boolean;
      expired: boolean;
      session_ended: boolean;
    }>(sql`
      select t.session_id, s.customer_id, t.used_at is not null as spent,
             t.expires_at <= now() as expired, s.revoked_at is not null as session_ended
      from refresh_tokens t join customer_sessions s on s.id = t.session_id
      where t.token_hash = ${presented}
      for update of t`);
    const token = rows[0];
    if (!token || token.session_ended) return { outcome: 'refused' } as const;
    if (token.spent) {
      await revokeSession(tx, token.session_id, 'refresh_token_reused');
      return { outcome: 'reused', sessionId: token.session_id } as const;
    }
    if (token.expired) return { outcome: 'refused' } as const;
    await tx.execute(sql`
      with spent as (update refresh_tokens set used_at = now() where token_hash = ${presented})
      insert into refresh_tokens (token_hash, session_id, expires_at)
      values (${next.tokenHash}, ${token.session_id}, now() + make_interval(secs => ${next.ttlSeconds}))`);
    return { outcome: 'rotated', customerId: token.customer_id, sessionId: token.session_id } as const;
  });
}

/** Ends a session: its refresh tokens stop working. A session already ended keeps its first reason. */
export async function revokeSession(db: Executor, sessionId: string, reason: string): Promise<void> {
  await db.execute(sql`
    update customer_sessions set revoked_at = now(), revoked_reason = ${reason}
    where id = ${sessionId} and revoked_at is null`);
}

/** Ends the session a refresh token belongs to (logout): its id, or undefined when none was live. */
export async function revokeSessionOfToken(
  db: Executor,
  tokenHash: string,
  reason: string,
): Promise<string | undefined> {
  const { rows } = await db.execute<{ id: string }>(sql`
    update customer_sessions s set revoked_at = now(), revoked_reason = ${reason}
    from refresh_tokens t
    where t.token_hash = ${tokenHash} and s.id = t.session_id and s.revoked_at is null
    returning s.id`);
  return rows[0]?.id;
}
