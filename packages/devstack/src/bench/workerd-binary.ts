import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { arch, platform } from 'node:os';
import { dirname, join } from 'node:path';
import { REPOSITORY_ROOT } from '../stack';
import { packageVersion } from './package-version';

export interface WorkerdBinary {
  path: string;
  /** What `workerd --version` prints, e.g. `workerd 2026-11-17`. */
  version: string;
  /** The npm package version, e.g. `1.20261117.1`. */
  packageVersion: string;
}

const PLATFORM_PACKAGES: Record<string, string> = {
  'darwin arm64': '@cloudflare/workerd-darwin-arm64',
  'darwin x64': '@cloudflare/workerd-darwin-64',
  'linux arm64': '@cloudflare/workerd-linux-arm64',
  'linux x64': '@cloudflare/workerd-linux-64',
  'win32 x64': '@cloudflare/workerd-windows-64',
};

/**
 * The workerd that wrangler itself runs (its nested copy wins over a hoisted one, which may be a
 * different release pulled in by another package), so the benchmark measures wrangler's runtime.
 */
export function resolveWorkerd(): WorkerdBinary {
  const candidates = [
    join(REPOSITORY_ROOT, 'node_modules', 'wrangler', 'node_modules', 'workerd'),
    join(REPOSITORY_ROOT, 'node_modules', 'workerd'),
  ];
  const packageDir = candidates.find((dir) => existsSync(join(dir, 'package.json')));
  if (!packageDir)
    throw new Error(`No workerd package found (looked in ${candidates.join(', ')}); run npm install.`);

  const binaries: string[] = [];
  // The platform package holds the real binary; `bin/workerd` is only a copy of it when the
  // package's postinstall ran, otherwise a Node launcher that adds a process per start.
  const platformPackage = PLATFORM_PACKAGES[`${platform()} ${arch()}`];
  if (platformPackage) {
    try {
      const manifest = createRequire(join(packageDir, 'package.json')).resolve(
        `${platformPackage}/package.json`,
      );
      binaries.push(join(dirname(manifest), 'bin', platform() === 'win32' ? 'workerd.exe' : 'workerd'));
    } catch {
      // Not installed for this platform; fall through to the package's own bin.
    }
  }
  binaries.push(join(packageDir, 'bin', 'workerd'));
  const path = binaries.find((binary) => existsSync(binary));
  if (!path) throw new Error(`The workerd package in ${packageDir} has no binary; reinstall it.`);

  const version = execFileSync(path, ['--version'], { encoding: 'utf8' }).trim();
  return { path, version, packageVersion: packageVersion(packageDir) };
}
