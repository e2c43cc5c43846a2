/** `npm run db:reset`: deletes the embedded database; the next `npm start` recreates and seeds it. */
import { rm } from 'node:fs/promises';
import { readLocalStackConfig } from '../local-config';
import { assertPortFree, PortInUseError } from '../ports';

const config = readLocalStackConfig();
try {
  await assertPortFree(config.embeddedPostgresPort, 'embedded Postgres', 'PGLITE_PORT');
} catch (error) {
  if (error instanceof PortInUseError) {
    console.error('The embedded Postgres is running; stop `npm start` (Ctrl-C) before resetting it.');
    process.exit(1);
  }
  throw error;
}
await rm(config.embeddedDataDir, { recursive: true, force: true });
console.log(`[db:reset] removed ${config.embeddedDataDir}`);
