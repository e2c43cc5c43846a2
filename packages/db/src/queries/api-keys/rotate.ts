import { sql } from 'drizzle-orm';
import type { Transaction } from '../catalog-writes/executor';
import { insertApiKey, type NewApiKey } from './create';

/** Why a key cannot be rotated. */
export type RotationRefusal =
  | { reason: 'not_found' }
  | { reason: 'revoked' }
  | { reason: 'expired' }
  | { reason: 'already_rotated'; successorId: string };

/**
 * Issues `successor` with the key's name, holder, mode and scopes, and lets the old key work for
 * `graceSeconds` more (0: stops now). The row is locked first, so two rotations of one key
 * cannot both issue a successor. Answers the old key's hash, for caches to forget it.
 */
export async function rotateApiKey(
  tx: Transaction,
  id: string,
  successor: Pick<NewApiKey, 'id' | 'secretHash' | 'hint' | 'createdBy'>,
  graceSeconds: number,
): Promise<RotationRefusal | { rotated: true; previousSecretHash: string }> {
  const { rows } = await tx.execute<{
    name: string;
    holder: string;
    mode: 'live' | 'test';
    scopes: string[];
    revoked: boolean;
    expired: boolean;
    rotated_to_id: string | null;
    secret_hash: string;
  }>(sql`
    select name, holder, mode, scopes, secret_hash, revoked_at is not null as revoked,
           (expires_at is not null and expires_at <= now()) as expired, rotated_to_id
    from api_keys where id = ${id} for update`);
  const key = rows[0];
  if (!key) return { reason: 'not_found' };
  if (key.revoked) return { reason: 'revoked' };
  if (key.rotated_to_id !== null) return { reason: 'already_rotated', successorId: key.rotated_to_id };
  if (key.expired) return { reason: 'expired' };
  await insertApiKey(tx, {
    ...successor,
    name: key.name,
    holder: key.holder,
    mode: key.mode,
    scopes: key.scopes,
  });
  await tx.execute(sql`
    update api_keys
    set rotated_to_id = ${successor.id}, expires_at = now() + make_interval(secs => ${graceSeconds})
    where id = ${id}`);
  return { rotated: true, previousSecretHash: key.secret_hash };
}
