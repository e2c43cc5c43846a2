import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { promisify } from 'node:util';
import { REPOSITORY_ROOT } from '../stack';
import { packageVersion } from './package-version';
import type { WorkerModule } from './workerd-config';
import { readWranglerWorker } from './wrangler-config';

export interface WorkerBundle {
  /** The entry module first, as workerd requires. Paths are relative to `outDir`. */
  modules: WorkerModule[];
  wranglerVersion: string;
}

const MODULE_TYPES: Record<string, WorkerModule['type']> = {
  '.js': 'esModule',
  '.mjs': 'esModule',
  '.cjs': 'commonJsModule',
  '.wasm': 'wasm',
  '.txt': 'text',
  '.html': 'text',
  '.bin': 'data',
};

/**
 * Bundles the Worker exactly as `wrangler deploy` would upload it (same esbuild settings, same
 * wrangler.toml), so the benchmark runs the code production runs.
 */
export async function bundleWorker(outDir: string): Promise<WorkerBundle> {
  try {
    await promisify(execFile)('npx', ['wrangler', 'deploy', '--dry-run', '--outdir', outDir], {
      cwd: REPOSITORY_ROOT,
      env: { ...process.env, WRANGLER_SEND_METRICS: 'false' },
      maxBuffer: 16 * 1024 * 1024,
    });
  } catch (error) {
    const output =
      typeof error === 'object' && error !== null
        ? `${String(Reflect.get(error, 'stdout') ?? '')}${String(Reflect.get(error, 'stderr') ?? '')}`
        : '';
    throw new Error(`wrangler deploy --dry-run failed:\n${output || String(error)}`);
  }

  const main = readWranglerWorker(readFileSync(join(REPOSITORY_ROOT, 'wrangler.toml'), 'utf8')).main;
  const entry = `${basename(main, extname(main))}.js`;
  const modules: WorkerModule[] = [];
  for (const file of readdirSync(outDir, { recursive: true, encoding: 'utf8' })) {
    const type = MODULE_TYPES[extname(file)];
    if (!type) continue;
    const module = { name: file, type, embedPath: file };
    if (file === entry) modules.unshift(module);
    else modules.push(module);
  }
  if (modules[0]?.name !== entry) {
    throw new Error(
      `wrangler wrote no ${entry} to ${outDir} (found: ${modules.map((m) => m.name).join(', ')}).`,
    );
  }
  return { modules, wranglerVersion: packageVersion(join(REPOSITORY_ROOT, 'node_modules', 'wrangler')) };
}
