/**
 * `npm run deploy`: publishes the API Worker with wrangler, stamping APP_VERSION with the
 * package version and the commit, so `/v1/health` tells operators what is live.
 * `npm run deploy -- --dry-run` bundles without publishing (CI does) and prints the bundle size.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { vendorDocsUi } from '../docs-ui/vendor';
import { REPOSITORY_ROOT } from '../stack';

const passThrough = process.argv.slice(2);
const dryRun = passThrough.includes('--dry-run');
const outDir = join(REPOSITORY_ROOT, 'dist', 'worker');

const { version } = JSON.parse(readFileSync(join(REPOSITORY_ROOT, 'package.json'), 'utf8')) as {
  version: string;
};
const appVersion = `${version}+${commit()}`;

// The reference UI's bundle ships as a static asset beside the Worker: never a missing or stale one.
const docsUi = vendorDocsUi();

const args = ['deploy', '--var', `APP_VERSION:${appVersion}`, ...passThrough];
if (dryRun && !passThrough.includes('--outdir')) args.push('--outdir', outDir);

const result = spawnSync(join(REPOSITORY_ROOT, 'node_modules', '.bin', 'wrangler'), args, {
  cwd: REPOSITORY_ROOT,
  stdio: 'inherit',
  env: { ...process.env, WRANGLER_SEND_METRICS: 'false' },
});
if (result.status !== 0) process.exit(result.status ?? 1);

if (dryRun) {
  for (const file of readdirSync(outDir).filter((name) => name.endsWith('.js'))) {
    const path = join(outDir, file);
    const gzip = gzipSync(readFileSync(path)).byteLength;
    console.log(
      `[deploy] bundle ${file}: ${kib(statSync(path).size)} KiB, ${kib(gzip)} KiB gzipped (APP_VERSION ${appVersion})`,
    );
  }
  console.log(
    `[deploy] static asset /docs/assets/api-reference.js: @scalar/api-reference ${docsUi.version}, ${kib(docsUi.bytes)} KiB`,
  );
}

function commit(): string {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
      cwd: REPOSITORY_ROOT,
      encoding: 'utf8',
    }).trim();
  } catch {
    return 'unknown';
  }
}

function kib(bytes: number): string {
  return (bytes / 1024).toFixed(1);
}
