/**
 * `npm run client:generate` writes `packages/client/src/schema.ts` from the routes as they are;
 * `npm run client:check` (CI) writes nothing and fails, saying what to run, when the committed
 * file differs from a fresh rendering.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { GENERATE_COMMAND, renderSchemaSource, SCHEMA_FILE } from './schema-source';

const check = process.argv.includes('--check');
const shown = relative(process.cwd(), SCHEMA_FILE);
const fresh = await renderSchemaSource();
const committed = readIfPresent(SCHEMA_FILE);

if (check) {
  if (committed !== fresh) {
    console.error(
      `[client] ${shown} is stale: it no longer matches the API's /openapi.json.\n` +
        `[client] Run \`${GENERATE_COMMAND}\` and commit the result.`,
    );
    process.exit(1);
  }
  console.log(`[client] ${shown} matches /openapi.json`);
} else if (committed === fresh) {
  console.log(`[client] ${shown} is already current`);
} else {
  writeFileSync(SCHEMA_FILE, fresh);
  console.log(`[client] wrote ${shown} (${fresh.split('\n').length} lines)`);
}

function readIfPresent(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
