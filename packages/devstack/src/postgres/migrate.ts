import { fileURLToPath } from 'node:url';
import { migrate } from 'drizzle-orm/neon-serverless/migrator';
import { connectFromNode, type DatabaseTarget } from './connect';

export const MIGRATIONS_FOLDER = fileURLToPath(new URL('../../../../migrations', import.meta.url));

/** Applies every migration in `migrations/` not yet applied (drizzle's journal decides). */
export async function applyMigrations(target: DatabaseTarget): Promise<void> {
  const { db, close } = connectFromNode(target);
  try {
    await migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
  } finally {
    await close();
  }
}
