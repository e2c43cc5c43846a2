import { build } from 'esbuild';
import { REPOSITORY_ROOT } from '../stack';

/**
 * The password KDF alone, in the same workerd as the API: every request checks a password
 * against an Argon2id hash at the API's cost (the domain's own code, bundled). A Worker cannot
 * time its own CPU (its clock stands still between I/O), so the bench times this Worker's answers
 * instead: its p50 at one client, less the hello-world's, is the KDF's time in login.
 */
const ENTRY = `
import { hashPassword, verifyPassword } from './packages/domain/src/identity/password';
const PASSWORD = 'a bench passphrase, long enough';
let stored;
export default {
  async fetch() {
    stored ??= await hashPassword(PASSWORD);
    const { ok } = await verifyPassword(PASSWORD, stored);
    return new Response(ok ? 'ok' : 'mismatch', { status: ok ? 200 : 500 });
  },
};
`;

/** The KDF Worker's source, one ES module. */
export async function kdfWorkerSource(): Promise<string> {
  const result = await build({
    stdin: { contents: ENTRY, resolveDir: REPOSITORY_ROOT, loader: 'ts' },
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
  });
  const [output] = result.outputFiles;
  if (!output) throw new Error('esbuild produced no KDF Worker');
  return output.text;
}
