import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  applyMigrations,
  type DatabaseStack,
  freePort,
  REPOSITORY_ROOT,
  startDatabaseStack,
} from '@edge-commerce/devstack';
import { type BrowserContext, chromium, type Locator, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { unstable_startWorker } from 'wrangler';

/**
 * /docs in a real browser with no way out: the real Worker (wrangler.toml, its static assets and
 * all) served on 127.0.0.1 in front of an embedded Postgres, and headless Chromium with every
 * request to anywhere else aborted and recorded. The page must list every tag and operation of
 * /openapi.json and send a request from its request panel, having tried to reach nothing else.
 */

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

interface OpenApiDocument {
  tags?: { name: string }[];
  paths: Record<string, Record<string, { summary?: string; tags?: string[] }>>;
}

interface ListedOperation {
  method: string;
  path: string;
  summary: string;
  tags: string[];
}

let database: DatabaseStack | undefined;
let worker: Awaited<ReturnType<typeof unstable_startWorker>> | undefined;
let origin: URL;
let profileDir: string | undefined;
let context: BrowserContext | undefined;
/** Every request the page tried to send anywhere but 127.0.0.1. */
const offOrigin: string[] = [];
const pageErrors: string[] = [];

beforeAll(async () => {
  // Fail loudly, never skip: without a browser this proof is simply missing.
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `No Chromium at ${CHROMIUM}. This suite drives a real browser: install Debian's with ` +
        '`apt-get install -y chromium` (.ci/run does), or set CHROMIUM_PATH to another build.',
    );
  }

  database = await startDatabaseStack({
    embeddedDataDir: 'memory',
    embeddedPort: await freePort(),
    bridgePort: await freePort(),
  });
  await applyMigrations({ url: database.databaseUrl, wsProxy: database.wsProxy });

  // What `wrangler dev` (and so `npm start`) runs, programmatically. (wrangler's
  // createTestHarness serves assets too, but its outbound WebSockets to the database bridge
  // answered 500 here.)
  worker = await unstable_startWorker({
    config: join(REPOSITORY_ROOT, 'wrangler.toml'),
    bindings: {
      ENVIRONMENT: { type: 'plain_text', value: 'test' },
      LOG_LEVEL: { type: 'plain_text', value: 'warn' },
      DATABASE_URL: { type: 'secret_text', value: database.databaseUrl },
      DATABASE_WS_PROXY: { type: 'plain_text', value: database.wsProxy },
    },
    dev: { server: { hostname: '127.0.0.1', port: 0 }, inspector: false, watch: false, logLevel: 'warn' },
  });
  origin = await worker.url;
  expect(origin.hostname).toBe('127.0.0.1');

  profileDir = mkdtempSync(join(tmpdir(), 'docs-offline-chromium-'));
  context = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM,
    headless: true,
    // Root in CI needs --no-sandbox; the rest keep Chromium itself from phoning home.
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    viewport: { width: 1400, height: 900 },
    serviceWorkers: 'block',
  });
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (new URL(url).hostname === '127.0.0.1') return route.continue();
    offOrigin.push(`${route.request().method()} ${url}`);
    return route.abort('blockedbyclient');
  });
  await context.routeWebSocket(
    (url) => url.hostname !== '127.0.0.1',
    (socket) => {
      offOrigin.push(`WebSocket ${socket.url()}`);
      return socket.close();
    },
  );
  // CSP violations, as the page itself sees them.
  await context.addInitScript(() => {
    const seen: string[] = [];
    Object.assign(window, { cspViolations: seen });
    document.addEventListener('securitypolicyviolation', (event) => {
      seen.push(`${event.effectiveDirective} ${event.blockedURI}`);
    });
  });
});

afterAll(async () => {
  await context?.close();
  if (profileDir) rmSync(profileDir, { recursive: true, force: true });
  await worker?.dispose();
  await database?.stop();
});

afterEach(async ({ task }) => {
  if (task.result?.state !== 'fail') return;
  for (const page of context?.pages() ?? []) {
    const path = join(tmpdir(), `docs-offline-${Date.now()}.png`);
    await page.screenshot({ path, fullPage: false }).catch(() => {});
    console.error(`[docs-offline] screenshot of the failing page: ${path}`);
  }
});

async function openDocs(): Promise<Page> {
  if (!context) throw new Error('The browser did not start.');
  for (const open of context.pages()) await open.close();
  const page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
  const response = await page.goto(new URL('/docs', origin).href);
  expect(response?.status()).toBe(200);
  return page;
}

/** The reference's navigation, as a reader (or a screen reader) finds it. */
function sidebarOf(page: Page): Locator {
  return page.getByRole('complementary', { name: /^Sidebar for edge-commerce API/ });
}

// How the reference labels a method in its sidebar where that differs from the method itself.
const SHORT_METHOD: Record<string, string> = { DELETE: 'DEL', OPTIONS: 'OPTS' };

function operationLink(page: Page, operation: ListedOperation): Locator {
  return sidebarOf(page)
    .getByRole('link')
    .filter({ has: page.getByText(operation.summary, { exact: true }) })
    .filter({ hasText: SHORT_METHOD[operation.method] ?? operation.method });
}

/** Expands a tag's group in the sidebar (the reference opens only the first one). */
async function openGroup(page: Page, tag: string): Promise<void> {
  const sidebar = sidebarOf(page);
  const open = sidebar.getByRole('button', { name: `Open Group - ${tag}`, exact: true });
  if (await open.isVisible()) await open.click();
  await expectVisible(
    sidebar.getByRole('button', { name: `Close Group - ${tag}`, exact: true }),
    `the tag "${tag}" as an open group`,
  );
}

async function expectVisible(locator: Locator, what: string): Promise<void> {
  try {
    await locator.first().waitFor({ state: 'visible', timeout: 15_000 });
  } catch {
    throw new Error(`The docs page does not show ${what}.`);
  }
}

/** What the page may have run into besides the blocked requests, CSP first. */
async function expectCleanRun(page: Page): Promise<void> {
  const violations = await page.evaluate(
    () => (window as unknown as { cspViolations: string[] }).cspViolations,
  );
  // The one expected violation is zod's feature probe (`Function('')` in a try/catch), which
  // then validates without code generation; the policy rightly refuses eval.
  expect(violations.filter((violation) => violation !== 'script-src eval')).toEqual([]);
  expect(pageErrors).toEqual([]);
  expect(offOrigin).toEqual([]);
}

describe('the API reference at /docs, offline in a real browser', () => {
  it('lists every tag and every operation of /openapi.json', async () => {
    const document = (await (await fetch(new URL('/openapi.json', origin))).json()) as OpenApiDocument;
    const operations: ListedOperation[] = Object.entries(document.paths).flatMap(([path, item]) =>
      Object.entries(item).map(([method, operation]) => ({
        method: method.toUpperCase(),
        path,
        summary: operation.summary ?? '',
        tags: operation.tags ?? [],
      })),
    );
    const tags = [
      ...new Set([...(document.tags ?? []).map((tag) => tag.name), ...operations.flatMap((o) => o.tags)]),
    ];
    expect(operations.length).toBeGreaterThan(0);
    expect(tags.length).toBeGreaterThan(0);

    const page = await openDocs();
    const sidebar = sidebarOf(page);
    await expectVisible(sidebar, 'its sidebar');

    for (const tag of tags) {
      await openGroup(page, tag);
      for (const operation of operations.filter((o) => o.tags.includes(tag))) {
        await expectVisible(
          operationLink(page, operation),
          `${operation.method} ${operation.path} ("${operation.summary}") under "${tag}"`,
        );
      }
    }
    await expectCleanRun(page);
  });

  it('sends a GET from the request panel to this origin and shows the answer', async () => {
    const page = await openDocs();
    const health: ListedOperation = {
      method: 'GET',
      path: '/v1/health',
      summary: 'Report service health',
      tags: ['Operations'],
    };
    await expectVisible(sidebarOf(page), 'its sidebar');
    for (const tag of health.tags) await openGroup(page, tag);
    await expectVisible(operationLink(page, health), 'the health operation');
    await operationLink(page, health).first().click();
    await page.getByRole('button', { name: `Test Request (get ${health.path})` }).click();

    const panel = page.getByRole('dialog');
    await expectVisible(panel, 'its request panel');
    const [response] = await Promise.all([
      page.waitForResponse((answer) => new URL(answer.url()).pathname === health.path),
      panel.getByRole('button', { name: `Send get request to ${health.path}` }).click(),
    ]);
    expect(new URL(response.url()).origin).toBe(origin.origin);
    expect(response.status()).toBe(200);

    await expectVisible(panel.getByText('200 OK'), 'the status of the answer in the panel');
    await expect
      // biome-ignore lint/performance/useDomNodeTextContent: the rendered text, as a reader sees the body (no hidden gutter numbers).
      .poll(async () => (await panel.innerText()).replace(/\s+/g, ' '), { timeout: 15_000 })
      .toMatch(/"status": "ok".*"database": \{ "status": "up"/);
    await expectCleanRun(page);
  });
});
