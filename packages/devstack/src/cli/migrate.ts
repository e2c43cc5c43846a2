/**
 * `npm run db:migrate`: applies the migrations to DATABASE_URL. A Neon URL is reached directly;
 * a local server through a temporary bridge, the same path the Worker takes. Without
 * DATABASE_URL it migrates the embedded database of `npm start` (which must not be running).
 */

import { applyMigrations } from '../postgres/migrate';
import { withDatabase } from './with-database';

await withDatabase('migrate', async (target) => {
  await applyMigrations(target);
  console.log('[migrate] migrations are up to date');
});
