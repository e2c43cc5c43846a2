import { defineConfig } from 'drizzle-kit';

// drizzle-kit runs from the repository root (`npm run db:generate`), so paths are root-relative.
export default defineConfig({
  dialect: 'postgresql',
  schema: './packages/db/src/schema/index.ts',
  out: './migrations',
  casing: 'snake_case',
  strict: true,
});
