import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The version in a package's manifest, for saying exactly what a benchmark ran. */
export function packageVersion(packageDir: string): string {
  const manifest: unknown = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'));
  const version =
    typeof manifest === 'object' && manifest !== null ? Reflect.get(manifest, 'version') : undefined;
  return typeof version === 'string' ? version : 'unknown';
}
