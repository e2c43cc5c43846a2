import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { REPOSITORY_ROOT } from '../stack';

/** wrangler.toml's `[assets] directory`: generated, git-ignored, uploaded beside the Worker. */
export const WORKER_ASSETS_DIR = join(REPOSITORY_ROOT, 'workers', 'api', 'dist', 'assets');

/**
 * The reference UI's browser bundle as the Worker serves it, at `/docs/assets/api-reference.js`
 * (workers/api/src/routes/docs.ts names the same path).
 */
export const DOCS_UI_BUNDLE = join(WORKER_ASSETS_DIR, 'docs', 'assets', 'api-reference.js');

export interface VendoredDocsUi {
  /** The `@scalar/api-reference` version the bundle comes from (pinned in workers/api/package.json). */
  version: string;
  path: string;
  bytes: number;
  /** False when the file already held these exact bytes. */
  copied: boolean;
}

/**
 * Copies `@scalar/api-reference`'s single-file browser bundle out of node_modules into the
 * Worker's static assets, so `/docs` loads nothing from another origin. Runs on every
 * `npm install` (root `postinstall`) and again before `npm start`, `npm test` and a deploy, so a
 * fresh clone or a version bump never serves a missing or stale bundle.
 */
export function vendorDocsUi(): VendoredDocsUi {
  const packageDir = scalarPackageDir();
  const { version } = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as {
    version: string;
  };
  const source = join(packageDir, 'dist', 'browser', 'standalone.js');
  if (!existsSync(source)) {
    throw new Error(
      `@scalar/api-reference ${version} has no dist/browser/standalone.js; the docs page needs its ` +
        'single-file browser bundle (did the package layout change?).',
    );
  }
  const bytes = readFileSync(source);
  const current = existsSync(DOCS_UI_BUNDLE) ? readFileSync(DOCS_UI_BUNDLE) : undefined;
  if (current?.equals(bytes))
    return { version, path: DOCS_UI_BUNDLE, bytes: bytes.byteLength, copied: false };
  mkdirSync(dirname(DOCS_UI_BUNDLE), { recursive: true });
  copyFileSync(source, DOCS_UI_BUNDLE);
  return { version, path: DOCS_UI_BUNDLE, bytes: bytes.byteLength, copied: true };
}

// Resolved from the Worker's package, which is the one that depends on it; its exports map
// offers no `./package.json`, so walk up from its entry point.
function scalarPackageDir(): string {
  const require = createRequire(join(REPOSITORY_ROOT, 'workers', 'api', 'package.json'));
  let dir = dirname(require.resolve('@scalar/api-reference'));
  while (!existsSync(join(dir, 'package.json')) || !isScalarPackage(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('Cannot find the @scalar/api-reference package directory.');
    dir = parent;
  }
  return dir;
}

function isScalarPackage(packageJson: string): boolean {
  return (
    (JSON.parse(readFileSync(packageJson, 'utf8')) as { name?: string }).name === '@scalar/api-reference'
  );
}
