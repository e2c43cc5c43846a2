import { parse, type TomlValueWithoutBigInt as TomlValue } from 'smol-toml';

export interface DurableObjectBinding {
  name: string;
  className: string;
}

/** `[assets]`: static files uploaded beside the Worker, reached through a binding. */
export interface WranglerAssets {
  /** As written in wrangler.toml: relative to the file's own folder. */
  directory: string;
  binding: string | undefined;
}

/** The part of wrangler.toml that decides what the Worker is given at runtime. */
export interface WranglerWorker {
  name: string;
  main: string;
  compatibilityDate: string;
  compatibilityFlags: string[];
  vars: Record<string, TomlValue>;
  durableObjects: DurableObjectBinding[];
  /** Classes a migration created with `new_sqlite_classes`: they get the SQL storage API. */
  sqliteClasses: Set<string>;
  assets: WranglerAssets | undefined;
}

// Binding kinds wrangler would give the Worker but the benchmark does not serve. Failing on them
// keeps the benchmark from silently measuring a Worker that lacks a binding it has in production.
const UNSERVED_BINDINGS = [
  'kv_namespaces',
  'r2_buckets',
  'd1_databases',
  'services',
  'queues',
  'hyperdrive',
  'analytics_engine_datasets',
  'vectorize',
  'ai',
  'browser',
  'workflows',
  'send_email',
  'dispatch_namespaces',
  'mtls_certificates',
  'ratelimits',
  'unsafe',
  'version_metadata',
  'images',
  'secrets_store_secrets',
  'pipelines',
] as const;

type Table = Record<string, TomlValue>;

function isTable(value: TomlValue | undefined): value is Table {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

function tableArray(value: TomlValue | undefined, where: string): Table[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every(isTable))
    throw new Error(`wrangler.toml: ${where} must be [[tables]]`);
  return value;
}

function text(table: Table, key: string, where: string): string {
  const value = table[key];
  if (typeof value !== 'string' || value === '') throw new Error(`wrangler.toml: ${where}${key} is required`);
  return value;
}

function texts(table: Table, key: string, where: string): string[] {
  const value = table[key];
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
    throw new Error(`wrangler.toml: ${where}${key} must be a list of strings`);
  }
  return value;
}

/** Reads the top-level Worker of a wrangler.toml (`[env.*]` sections are not benchmarked). */
export function readWranglerWorker(toml: string): WranglerWorker {
  const config = parse(toml, { integersAsBigInt: false });
  const unserved = UNSERVED_BINDINGS.filter((key) => config[key] !== undefined);
  if (unserved.length > 0) {
    throw new Error(
      `wrangler.toml declares ${unserved.join(', ')}, which the benchmark's workerd config does not ` +
        'serve yet: add it in packages/devstack/src/bench/workerd-config.ts.',
    );
  }

  const vars = config.vars ?? {};
  if (!isTable(vars)) throw new Error('wrangler.toml: [vars] must be a table');

  const durableObjectsTable = config.durable_objects ?? {};
  if (!isTable(durableObjectsTable)) throw new Error('wrangler.toml: [durable_objects] must be a table');
  const durableObjects = tableArray(durableObjectsTable.bindings, 'durable_objects.bindings').map(
    (binding, index) => {
      const where = `durable_objects.bindings[${index}].`;
      if (binding.script_name !== undefined) {
        throw new Error(
          `wrangler.toml: ${where}script_name points at another Worker, which the benchmark does not serve.`,
        );
      }
      return { name: text(binding, 'name', where), className: text(binding, 'class_name', where) };
    },
  );

  const sqliteClasses = new Set(
    tableArray(config.migrations, 'migrations').flatMap((migration, index) =>
      texts(migration, 'new_sqlite_classes', `migrations[${index}].`),
    ),
  );

  return {
    name: text(config, 'name', ''),
    main: text(config, 'main', ''),
    compatibilityDate: text(config, 'compatibility_date', ''),
    compatibilityFlags: texts(config, 'compatibility_flags', ''),
    vars,
    durableObjects,
    sqliteClasses,
    assets: readAssets(config.assets),
  };
}

function readAssets(assets: TomlValue | undefined): WranglerAssets | undefined {
  if (assets === undefined) return undefined;
  if (!isTable(assets)) throw new Error('wrangler.toml: [assets] must be a table');
  // The benchmark's sockets hand every request to the Worker. Assets that production serves
  // before the Worker would be measured through the Worker instead, so refuse that setup.
  if (assets.run_worker_first !== true) {
    throw new Error(
      'wrangler.toml: [assets] without run_worker_first = true serves files before the Worker, ' +
        'which the benchmark does not: add it in packages/devstack/src/bench/workerd-config.ts.',
    );
  }
  const binding = assets.binding;
  if (binding !== undefined && typeof binding !== 'string') {
    throw new Error('wrangler.toml: assets.binding must be a string');
  }
  return { directory: text(assets, 'directory', 'assets.'), binding };
}
