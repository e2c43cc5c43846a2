import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { freePort } from '../ports';
import { REPOSITORY_ROOT } from '../stack';
import { serveWorkerd } from './serve';
import { resolveWorkerd } from './workerd-binary';
import { capnpString, type WorkerdConfigInput, workerdConfig } from './workerd-config';

const DURABLE_TOML = `
name = "shop"
main = "src/index.ts"
compatibility_date = "2026-11-01"
compatibility_flags = ["nodejs_compat"]

[vars]
GREETING = "hi"
LIMITS = { max = 3 }

[[durable_objects.bindings]]
name = "CARTS"
class_name = "Cart"

[[durable_objects.bindings]]
name = "COUNTERS"
class_name = "Counter"

[[migrations]]
tag = "v1"
new_classes = ["Counter"]

[[migrations]]
tag = "v2"
new_sqlite_classes = ["Cart"]
`;

function input(overrides: Partial<WorkerdConfigInput> = {}): WorkerdConfigInput {
  return {
    wranglerToml: DURABLE_TOML,
    modules: [{ name: 'index.js', type: 'esModule', embedPath: 'index.js' }],
    bindings: {},
    apiAddress: '127.0.0.1:9001',
    baselineAddress: '127.0.0.1:9002',
    durableObjectStorage: { kind: 'disk', path: '/tmp/do' },
    ...overrides,
  };
}

describe('workerdConfig', () => {
  it("serves the repository's wrangler.toml with its compatibility and vars, local values winning", async () => {
    const config = workerdConfig(
      input({
        wranglerToml: await readFile(join(REPOSITORY_ROOT, 'wrangler.toml'), 'utf8'),
        wranglerDir: REPOSITORY_ROOT,
        bindings: { DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/db', ENVIRONMENT: 'development' },
      }),
    );
    expect(config).toContain('(name = "ASSETS", service = "assets")');
    expect(config).toContain(
      `(name = "assets", disk = (path = ${capnpString(join(REPOSITORY_ROOT, 'workers/api/dist/assets'))}, writable = false))`,
    );
    expect(config).toContain('compatibilityDate = "2026-11-01"');
    expect(config).toContain('(name = "APP_VERSION", text = "dev")');
    expect(config).toContain('(name = "ENVIRONMENT", text = "development")');
    expect(config).not.toContain('text = "production"');
    expect(config).toContain('(name = "DATABASE_URL", text = "postgres://postgres@127.0.0.1:5432/db")');
    expect(config).toContain('(name = "internet", network = (allow = ["public", "private", "local"]))');
    expect(config).toContain('globalOutbound = "internet"');
    expect(config).toContain('(name = "index.js", esModule = embed "index.js")');
    expect(config).toContain('address = "127.0.0.1:9001", http = (), service = "api"');
    expect(config).toContain('address = "127.0.0.1:9002", http = (), service = "baseline"');
    // The repository's Durable Objects are served SQLite-backed, on the disk storage given.
    expect(config).toContain('(name = "INVENTORY", durableObjectNamespace = "InventoryObject")');
    expect(config).toContain(
      '(className = "InventoryObject", uniqueKey = "edge-commerce-api-api-InventoryObject", enableSql = true)',
    );
    expect(config).toContain('durableObjectStorage = (localDisk = "do-storage")');
  });

  it('gives every Durable Object binding its namespace, with SQL only for new_sqlite_classes', () => {
    const config = workerdConfig(input());
    expect(config).toContain('(name = "CARTS", durableObjectNamespace = "Cart")');
    expect(config).toContain('(className = "Cart", uniqueKey = "shop-api-Cart", enableSql = true)');
    expect(config).toContain('(className = "Counter", uniqueKey = "shop-api-Counter", enableSql = false)');
    expect(config).toContain('durableObjectStorage = (localDisk = "do-storage")');
    expect(config).toContain('(name = "do-storage", disk = (path = "/tmp/do", writable = true))');
    expect(config).toContain('compatibilityFlags = [\n    "nodejs_compat",\n  ]');
    expect(config).toContain('(name = "LIMITS", json = "{\\"max\\":3}")');
  });

  it('serves a second instance of the bundle without the named bindings, with its own Durable Objects', () => {
    const config = workerdConfig(
      input({
        bindings: { CACHE_URL: 'http://127.0.0.1:1', DATABASE_URL: 'postgres://db' },
        variants: [{ name: 'api-uncached', address: '127.0.0.1:9003', withoutBindings: ['CACHE_URL'] }],
      }),
    );
    const uncached = config.slice(config.indexOf('const apiUncached'));
    expect(config).toContain('address = "127.0.0.1:9003", http = (), service = "api-uncached"');
    expect(config).toContain('(name = "api-uncached", worker = .apiUncached)');
    expect(uncached).toContain('(name = "DATABASE_URL", text = "postgres://db")');
    expect(uncached).not.toContain('CACHE_URL');
    expect(uncached).toContain('uniqueKey = "shop-uncached-Cart"');
    expect(config.slice(0, config.indexOf('const apiUncached'))).toContain(
      '(name = "CACHE_URL", text = "http://127.0.0.1:1")',
    );
  });

  it('refuses in-memory storage for SQLite classes, which workerd would serve without SQL', () => {
    expect(() => workerdConfig(input({ durableObjectStorage: { kind: 'memory' } }))).toThrow(
      'Cart need disk storage',
    );
    const kvOnly = DURABLE_TOML.replace('new_sqlite_classes = ["Cart"]', 'new_classes = ["Cart"]');
    const config = workerdConfig(input({ wranglerToml: kvOnly, durableObjectStorage: { kind: 'memory' } }));
    expect(config).toContain('durableObjectStorage = (inMemory = void)');
    expect(config).not.toContain('do-storage');
  });

  it('fails on bindings it cannot serve rather than benchmark a Worker missing them', () => {
    expect(() =>
      workerdConfig(
        input({ wranglerToml: `${DURABLE_TOML}\n[[kv_namespaces]]\nbinding = "KV"\nid = "x"\n` }),
      ),
    ).toThrow('kv_namespaces');
    expect(() =>
      workerdConfig(
        input({
          wranglerToml: DURABLE_TOML.replace(
            'class_name = "Cart"',
            'class_name = "Cart"\nscript_name = "other"',
          ),
        }),
      ),
    ).toThrow('script_name');
  });

  it('refuses assets served before the Worker, which its sockets would route through the Worker', () => {
    const assets = '\n[assets]\ndirectory = "public"\nbinding = "ASSETS"\n';
    expect(() => workerdConfig(input({ wranglerToml: `${DURABLE_TOML}${assets}` }))).toThrow(
      'run_worker_first',
    );
    const config = workerdConfig(
      input({ wranglerToml: `${DURABLE_TOML}${assets}run_worker_first = true\n`, wranglerDir: '/srv/shop' }),
    );
    expect(config).toContain('(name = "assets", disk = (path = "/srv/shop/public", writable = false))');
  });

  it("escapes text the way Cap'n Proto reads it", () => {
    expect(capnpString('a"b\\c\nd\te\u0001é')).toBe('"a\\"b\\\\c\\nd\\te\\x01é"');
  });

  it('runs in workerd: a SQLite Durable Object keeps its rows on disk, the baseline answers ok, the floor reserves', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'workerd-config-test-'));
    try {
      await writeFile(
        join(dir, 'index.js'),
        `import { DurableObject } from 'cloudflare:workers';
export class Cart extends DurableObject {
  fetch() {
    this.ctx.storage.sql.exec('create table if not exists hits (n integer)');
    this.ctx.storage.sql.exec('insert into hits values (1)');
    return new Response(String(this.ctx.storage.sql.exec('select count(*) as n from hits').one().n));
  }
}
export class Counter extends DurableObject {}
export default { fetch: (request, env) => env.CARTS.get(env.CARTS.idFromName('a')).fetch(request) };
`,
      );
      await mkdir(join(dir, 'do'));
      const [apiPort, baselinePort, floorPort] = [await freePort(), await freePort(), await freePort()];
      const configPath = join(dir, 'workerd.capnp');
      await writeFile(
        configPath,
        workerdConfig(
          input({
            apiAddress: `127.0.0.1:${apiPort}`,
            baselineAddress: `127.0.0.1:${baselinePort}`,
            actorFloorAddress: `127.0.0.1:${floorPort}`,
            durableObjectStorage: { kind: 'disk', path: join(dir, 'do') },
          }),
        ),
      );
      const api = `http://127.0.0.1:${apiPort}/`;
      const baseline = `http://127.0.0.1:${baselinePort}/`;
      const floor = `http://127.0.0.1:${floorPort}/`;
      const served = await serveWorkerd({
        binary: resolveWorkerd().path,
        configPath,
        logPath: join(dir, 'workerd.log'),
        readyUrls: [baseline],
      });
      try {
        expect(await (await fetch(baseline)).text()).toBe('ok');
        expect(await (await fetch(api)).text()).toBe('1');
        expect(await (await fetch(api)).text()).toBe('2');
        // Each holder's reservation of a SKU grows by one per request; holders do not share.
        const reserve = async (holder: string) =>
          (await (await fetch(`${floor}?holder=${holder}&sku=s1`, { method: 'POST' })).json()) as unknown;
        expect(await reserve('h1')).toEqual({ quantity: 1 });
        expect(await reserve('h1')).toEqual({ quantity: 2 });
        expect(await reserve('h2')).toEqual({ quantity: 1 });
      } finally {
        await served.stop();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('runs in workerd: the assets binding answers files from the [assets] directory', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'workerd-config-test-'));
    try {
      await writeFile(
        join(dir, 'index.js'),
        'export default { fetch: (request, env) => env.ASSETS.fetch(request) };\n',
      );
      await mkdir(join(dir, 'public', 'docs'), { recursive: true });
      await writeFile(join(dir, 'public', 'docs', 'ui.js'), 'console.log(1);\n');
      const [apiPort, baselinePort] = [await freePort(), await freePort()];
      const configPath = join(dir, 'workerd.capnp');
      await writeFile(
        configPath,
        workerdConfig(
          input({
            wranglerToml: `name = "shop"\nmain = "src/index.ts"\ncompatibility_date = "2026-11-01"\n\n[assets]\ndirectory = "public"\nbinding = "ASSETS"\nrun_worker_first = true\n`,
            wranglerDir: dir,
            apiAddress: `127.0.0.1:${apiPort}`,
            baselineAddress: `127.0.0.1:${baselinePort}`,
          }),
        ),
      );
      const served = await serveWorkerd({
        binary: resolveWorkerd().path,
        configPath,
        logPath: join(dir, 'workerd.log'),
        readyUrls: [`http://127.0.0.1:${baselinePort}/`],
      });
      try {
        const asset = await fetch(`http://127.0.0.1:${apiPort}/docs/ui.js`);
        expect(asset.status).toBe(200);
        expect(await asset.text()).toBe('console.log(1);\n');
        expect((await fetch(`http://127.0.0.1:${apiPort}/docs/missing.js`)).status).toBe(404);
      } finally {
        await served.stop();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("runs in workerd: each request to the cron trigger's socket runs the Worker's scheduled handler to its end", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'workerd-config-test-'));
    try {
      // The Worker counts scheduled events, work left to waitUntil included, and tells the count.
      await writeFile(
        join(dir, 'index.js'),
        `let runs = 0;
export default {
  fetch: () => new Response(String(runs)),
  scheduled(controller, env, ctx) {
    ctx.waitUntil(new Promise((resolve) => setTimeout(resolve, 50)).then(() => { if (controller.cron === '* * * * *') runs++; }));
  },
};
`,
      );
      const [apiPort, baselinePort, cronPort] = [await freePort(), await freePort(), await freePort()];
      const configPath = join(dir, 'workerd.capnp');
      await writeFile(
        configPath,
        workerdConfig(
          input({
            wranglerToml: 'name = "shop"\nmain = "src/index.ts"\ncompatibility_date = "2026-11-01"\n',
            apiAddress: `127.0.0.1:${apiPort}`,
            baselineAddress: `127.0.0.1:${baselinePort}`,
            cronTriggerAddress: `127.0.0.1:${cronPort}`,
          }),
        ),
      );
      const served = await serveWorkerd({
        binary: resolveWorkerd().path,
        configPath,
        logPath: join(dir, 'workerd.log'),
        readyUrls: [`http://127.0.0.1:${baselinePort}/`],
        experimental: true,
      });
      try {
        const cron = `http://127.0.0.1:${cronPort}/`;
        expect(await (await fetch(cron)).json()).toEqual({ outcome: 'ok' });
        expect(await (await fetch(cron)).json()).toEqual({ outcome: 'ok' });
        expect(await (await fetch(`http://127.0.0.1:${apiPort}/`)).text()).toBe('2');
      } finally {
        await served.stop();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
