import { schema } from '@edge-commerce/db';
import { apiKeyHint, apiKeyMode, hashApiKey, newId } from '@edge-commerce/domain';
import { connectFromNode, type DatabaseTarget } from '../postgres/connect';

/** A key with a fixed secret, for a local stack or a test suite: never for a deployment. */
export interface FixedApiKey {
  name: string;
  holder: string;
  scopes: string[];
  /** `sk_test_` and 43 base64url characters. */
  key: string;
}

/**
 * Stores each key (its hash, as the API does) unless a key with that secret exists, so a second
 * run adds nothing and a key the developer revoked stays revoked.
 */
export async function seedApiKeys(target: DatabaseTarget, keys: readonly FixedApiKey[]): Promise<number> {
  const { db, close } = connectFromNode(target);
  try {
    let inserted = 0;
    for (const key of keys) {
      const mode = apiKeyMode(key.key);
      if (mode !== 'test') throw new Error(`${key.holder}: a fixed key must be an sk_test_ key`);
      const secretHash = await hashApiKey(key.key);
      const rows = await db
        .insert(schema.apiKeys)
        .values({
          id: newId('apiKey'),
          name: key.name,
          holder: key.holder,
          mode,
          scopes: key.scopes,
          secretHash,
          hint: apiKeyHint(key.key),
          createdBy: 'seed',
        })
        .onConflictDoNothing({ target: schema.apiKeys.secretHash })
        .returning({ id: schema.apiKeys.id });
      inserted += rows.length;
    }
    return inserted;
  } finally {
    await close();
  }
}
