import { resolve } from 'node:path';
import { ACTOR_FLOOR_BINDINGS, ACTOR_FLOOR_WORKER_SOURCE } from './actor-floor';
import { readWranglerWorker } from './wrangler-config';

export interface WorkerModule {
  /** The specifier the bundle imports it by; the first module is the entry point. */
  name: string;
  type: 'esModule' | 'commonJsModule' | 'wasm' | 'text' | 'data';
  /** Path relative to the config file: capnp resolves `embed "/…"` against its import path, not `/`. */
  embedPath: string;
}

export interface ApiVariant {
  /** `api-<something>`: the service and socket name. */
  name: string;
  address: string;
  withoutBindings?: readonly string[];
  /** Bindings whose values differ from the main instance's. */
  bindings?: Record<string, string>;
}

export type DurableObjectStorage = { kind: 'memory' } | { kind: 'disk'; path: string };

export interface WorkerdConfigInput {
  wranglerToml: string;
  /** The folder wrangler.toml is in: `[assets] directory` is relative to it (default: the working directory). */
  wranglerDir?: string;
  modules: WorkerModule[];
  /** Local values for secrets and overrides of `[vars]`, given as text bindings. */
  bindings: Record<string, string>;
  /** `host:port` of the API Worker's socket. */
  apiAddress: string;
  /**
   * More instances of the same bundle, each on its own socket, without some bindings (e.g. the
   * catalog cache's) or with some replaced (e.g. rate limits off), so one run measures a route
   * both ways. Named like the socket and service (`api-uncached`).
   */
  variants?: readonly ApiVariant[];
  /** `host:port` of the hello-world baseline's socket. */
  baselineAddress: string;
  /** `host:port` of the password KDF's socket, and its Worker's source (kdf-worker.ts). */
  kdf?: { address: string; source: string };
  durableObjectStorage: DurableObjectStorage;
  /**
   * `host:port` of the actor floor's socket (see actor-floor.ts): two Durable Object calls and two
   * SQLite writes, nothing else. Needs disk storage, as the API's objects do.
   */
  actorFloorAddress?: string;
  /**
   * `host:port` of a socket whose every request starts one scheduled event of the API Worker,
   * as the cron would (workerd has no scheduler of its own): see {@link CRON_TRIGGER_WORKER_SOURCE}.
   */
  cronTriggerAddress?: string;
}

/**
 * Starts the API Worker's `scheduled` handler through its service binding (workerd's own
 * dispatch of a scheduled event, as for a Cron Trigger) and answers once the event, its
 * `waitUntil` work included, is over, with the outcome workerd reports.
 */
export const CRON_TRIGGER_WORKER_SOURCE = [
  'export default {',
  '  async fetch(request, env) {',
  "    const cron = new URL(request.url).searchParams.get('cron') ?? '* * * * *';",
  '    const result = await env.API.scheduled({ cron, scheduledTime: Date.now() });',
  '    return Response.json({ outcome: result.outcome });',
  '  },',
  '};',
].join('\n');

/** The baseline: the cheapest response the runtime can give, served by the same process. */
export const BASELINE_WORKER_SOURCE = "export default { fetch() { return new Response('ok'); } };";

// Cap'n Proto text literals take C escapes but not JSON's \u form, so JSON.stringify won't do.
export function capnpString(value: string): string {
  let out = '"';
  for (const char of value) {
    const code = char.charCodeAt(0);
    if (char === '"' || char === '\\') out += `\\${char}`;
    else if (char === '\n') out += '\\n';
    else if (char === '\r') out += '\\r';
    else if (char === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += char;
  }
  return `${out}"`;
}

function list(items: string[], indent: string): string {
  if (items.length === 0) return '[]';
  return `[\n${items.map((item) => `${indent}  ${item},`).join('\n')}\n${indent}]`;
}

/**
 * Renders the workerd config that serves the wrangler.toml Worker the way wrangler would give it
 * its runtime (compatibility, vars, Durable Objects), plus a hello-world baseline in the same
 * process so that every figure can be read against the runtime's own cost.
 */
export function workerdConfig(input: WorkerdConfigInput): string {
  const worker = readWranglerWorker(input.wranglerToml);
  if (input.modules.length === 0) throw new Error('The bundle has no modules.');

  const values = new Map<string, string>();
  for (const [name, value] of Object.entries(worker.vars)) {
    values.set(
      name,
      typeof value === 'string'
        ? `text = ${capnpString(value)}`
        : `json = ${capnpString(JSON.stringify(value))}`,
    );
  }
  for (const [name, value] of Object.entries(input.bindings)) {
    values.set(name, `text = ${capnpString(value)}`);
  }
  for (const { name, className } of worker.durableObjects) {
    if (values.has(name)) throw new Error(`Binding ${name} is both a variable and a Durable Object.`);
    values.set(name, `durableObjectNamespace = ${capnpString(className)}`);
  }
  // The assets binding answers GETs from the directory, read-only, as a disk service does; the
  // platform's extras (ETag, 304, content types) are not what the benchmark measures.
  const assetsDir = worker.assets && resolve(input.wranglerDir ?? '.', worker.assets.directory);
  if (worker.assets?.binding) {
    const name = worker.assets.binding;
    if (values.has(name)) throw new Error(`Binding ${name} is both a variable and the assets binding.`);
    values.set(name, 'service = "assets"');
  }
  const bindingsOf = (omitted: readonly string[] = [], replaced: Record<string, string> = {}) =>
    [
      ...values,
      ...Object.entries(replaced).map(([name, value]) => [name, `text = ${capnpString(value)}`] as const),
    ]
      .filter(
        ([name], index, all) =>
          !omitted.includes(name) && all.findLastIndex(([other]) => other === name) === index,
      )
      .map(([name, value]) => `(name = ${capnpString(name)}, ${value})`);
  const variants = input.variants ?? [];
  const constantOf = (variant: ApiVariant) =>
    variant.name.replace(/-(\w)/g, (_, letter: string) => letter.toUpperCase());

  const classes = [...new Set(worker.durableObjects.map((binding) => binding.className))];
  // Each API instance gets its own Durable Object namespaces: they must not share storage.
  const namespacesOf = (instance: string) =>
    classes.map(
      (className) =>
        `(className = ${capnpString(className)}, uniqueKey = ${capnpString(`${worker.name}-${instance}-${className}`)}, ` +
        `enableSql = ${worker.sqliteClasses.has(className)})`,
    );
  const storage = input.durableObjectStorage;
  const sqlite = classes.filter((className) => worker.sqliteClasses.has(className));
  if (storage.kind === 'memory' && sqlite.length > 0) {
    // Measured with workerd 2026-11-17: inMemory storage answers `storage.sql` with "not backed by
    // SQLite storage" even when enableSql is set, so such a Worker would fail rather than run.
    throw new Error(
      `In-memory Durable Object storage has no SQL API; ${sqlite.join(', ')} need disk storage.`,
    );
  }
  const floor = input.actorFloorAddress;
  if (floor !== undefined && storage.kind === 'memory') {
    throw new Error('The actor floor keeps its rows in SQLite, so it needs disk storage.');
  }
  const diskPath =
    (classes.length > 0 || floor !== undefined) && storage.kind === 'disk' ? storage.path : undefined;

  const services = [
    '(name = "api", worker = .api)',
    ...variants.map((variant) => `(name = ${capnpString(variant.name)}, worker = .${constantOf(variant)})`),
    '(name = "baseline", worker = .baseline)',
    ...(floor === undefined ? [] : ['(name = "actor-floor", worker = .actorFloor)']),
    ...(input.kdf === undefined ? [] : ['(name = "kdf", worker = .kdf)']),
    ...(input.cronTriggerAddress === undefined ? [] : ['(name = "cron-trigger", worker = .cronTrigger)']),
    // Workers may only reach public addresses by default; the database bridge is on 127.0.0.1.
    '(name = "internet", network = (allow = ["public", "private", "local"]))',
  ];
  if (diskPath !== undefined) {
    services.push(`(name = "do-storage", disk = (path = ${capnpString(diskPath)}, writable = true))`);
  }
  if (assetsDir !== undefined && worker.assets?.binding) {
    services.push(`(name = "assets", disk = (path = ${capnpString(assetsDir)}, writable = false))`);
  }

  const modules = input.modules.map(
    (module) =>
      `(name = ${capnpString(module.name)}, ${module.type} = embed ${capnpString(module.embedPath)})`,
  );

  const apiWorker = (
    instance: string,
    omitted: readonly string[] = [],
    replaced: Record<string, string> = {},
  ) => [
    `compatibilityDate = ${capnpString(worker.compatibilityDate)}`,
    `compatibilityFlags = ${list(worker.compatibilityFlags.map(capnpString), '  ')}`,
    `modules = ${list(modules, '  ')}`,
    `bindings = ${list(bindingsOf(omitted, replaced), '  ')}`,
    ...(classes.length > 0
      ? [
          `durableObjectNamespaces = ${list(namespacesOf(instance), '  ')}`,
          `durableObjectStorage = ${diskPath !== undefined ? '(localDisk = "do-storage")' : '(inMemory = void)'}`,
        ]
      : []),
    'globalOutbound = "internet"',
  ];

  return [
    '# Generated by packages/devstack/src/bench from wrangler.toml for `npm run bench`.',
    'using Workerd = import "/workerd/workerd.capnp";',
    '',
    'const config :Workerd.Config = (',
    `  services = ${list(services, '  ')},`,
    `  sockets = ${list(
      [
        `(name = "api", address = ${capnpString(input.apiAddress)}, http = (), service = "api")`,
        ...variants.map(
          (variant) =>
            `(name = ${capnpString(variant.name)}, address = ${capnpString(variant.address)}, http = (), service = ${capnpString(variant.name)})`,
        ),
        `(name = "baseline", address = ${capnpString(input.baselineAddress)}, http = (), service = "baseline")`,
        ...(floor === undefined
          ? []
          : [`(name = "actor-floor", address = ${capnpString(floor)}, http = (), service = "actor-floor")`]),
        ...(input.kdf === undefined
          ? []
          : [`(name = "kdf", address = ${capnpString(input.kdf.address)}, http = (), service = "kdf")`]),
        ...(input.cronTriggerAddress === undefined
          ? []
          : [
              `(name = "cron-trigger", address = ${capnpString(input.cronTriggerAddress)}, http = (), service = "cron-trigger")`,
            ]),
      ],
      '  ',
    )},`,
    ');',
    '',
    'const api :Workerd.Worker = (',
    ...apiWorker('api').map((line) => `  ${line},`),
    ');',
    '',
    ...variants.flatMap((variant) => [
      `const ${constantOf(variant)} :Workerd.Worker = (`,
      ...apiWorker(variant.name.replace(/^api-/, ''), variant.withoutBindings, variant.bindings).map(
        (line) => `  ${line},`,
      ),
      ');',
      '',
    ]),
    'const baseline :Workerd.Worker = (',
    `  compatibilityDate = ${capnpString(worker.compatibilityDate)},`,
    `  modules = [(name = "baseline.js", esModule = ${capnpString(BASELINE_WORKER_SOURCE)})],`,
    ');',
    '',
    ...(input.kdf === undefined
      ? []
      : [
          'const kdf :Workerd.Worker = (',
          `  compatibilityDate = ${capnpString(worker.compatibilityDate)},`,
          `  modules = [(name = "kdf.js", esModule = ${capnpString(input.kdf.source)})],`,
          ');',
          '',
        ]),
    ...(floor === undefined
      ? []
      : [
          'const actorFloor :Workerd.Worker = (',
          `  compatibilityDate = ${capnpString(worker.compatibilityDate)},`,
          `  modules = [(name = "actor-floor.js", esModule = ${capnpString(ACTOR_FLOOR_WORKER_SOURCE)})],`,
          `  bindings = ${list(
            Object.entries(ACTOR_FLOOR_BINDINGS).map(
              ([name, className]) =>
                `(name = ${capnpString(name)}, durableObjectNamespace = ${capnpString(className)})`,
            ),
            '  ',
          )},`,
          `  durableObjectNamespaces = ${list(
            Object.values(ACTOR_FLOOR_BINDINGS).map(
              (className) =>
                `(className = ${capnpString(className)}, uniqueKey = ${capnpString(`actor-floor-${className}`)}, enableSql = true)`,
            ),
            '  ',
          )},`,
          '  durableObjectStorage = (localDisk = "do-storage"),',
          ');',
          '',
        ]),
    ...(input.cronTriggerAddress === undefined
      ? []
      : [
          'const cronTrigger :Workerd.Worker = (',
          `  compatibilityDate = ${capnpString(worker.compatibilityDate)},`,
          // Service bindings offer only fetch() without this flag.
          '  compatibilityFlags = ["service_binding_extra_handlers"],',
          `  modules = [(name = "cron-trigger.js", esModule = ${capnpString(CRON_TRIGGER_WORKER_SOURCE)})],`,
          '  bindings = [(name = "API", service = "api")],',
          ');',
          '',
        ]),
  ].join('\n');
}
