/** `npm run seed`: seeds the demo data (idempotent) into DATABASE_URL or the embedded database. */

import { applyMigrations } from '../postgres/migrate';
import { seedDemoData } from '../seed/demo';
import { withDatabase } from './with-database';

await withDatabase('seed', async (target) => {
  await applyMigrations(target);
  const report = await seedDemoData(target);
  console.log(`[seed] ${report.marketsInserted} markets inserted`);
});
