import { exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { ASYNCAPI_PATH, DOCS_UI_SCRIPT_PATH } from '../../workers/api/src/routes/docs';

const api = (path: string, init?: RequestInit) => exports.default.fetch(`http://api.test${path}`, init);

/** The Content-Security-Policy header as directive -> its sources. */
function policyOf(response: Response): Map<string, string[]> {
  const header = response.headers.get('Content-Security-Policy');
  expect(header, 'Content-Security-Policy').toBeTruthy();
  return new Map(
    (header ?? '')
      .split(';')
      .map((directive) => directive.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name = '', ...sources]) => [name, sources]),
  );
}

function expectSelfOnlyPolicy(response: Response): void {
  const policy = policyOf(response);
  expect(policy.get('default-src')).toEqual(["'none'"]);
  // Own scripts only: no inline script, no eval, no other origin.
  expect(policy.get('script-src')).toEqual(["'self'"]);
  expect(policy.get('connect-src')).toEqual(["'self'"]);
  expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
  expect(policy.get('base-uri')).toEqual(["'none'"]);
  for (const [directive, sources] of policy) {
    for (const source of sources) {
      // Keywords ('self', 'none', 'unsafe-inline' for styles) and data: images; never a host.
      expect(source, directive).toMatch(/^'[a-z-]+'$|^data:$/);
    }
  }
  expect(response.headers.get('X-Content-Type-Options')).toBe('nosniff');
}

describe('GET /docs', () => {
  it('answers a page under a policy that runs only its own scripts', async () => {
    const response = await api('/docs');
    expect(response.status).toBe(200);
    expect(response.headers.get('Content-Type')).toMatch(/^text\/html/);
    expectSelfOnlyPolicy(response);
    expect(response.headers.get('X-Frame-Options')).toBe('DENY');
  });

  it('references nothing on another origin, and runs no inline script', async () => {
    const html = await (await api('/docs')).text();
    expect(html).not.toMatch(/https?:|\/\/[a-z0-9.-]+\.[a-z]/i);
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    // The UI's bundle from this origin, and its settings as inert JSON data.
    expect(
      scripts.map(([, attributes]) => attributes?.match(/\bsrc="([^"]+)"/)?.[1]).filter(Boolean),
    ).toEqual([DOCS_UI_SCRIPT_PATH]);
    for (const [, attributes = '', body = ''] of scripts) {
      if (!/\bsrc="/.test(attributes)) {
        expect(attributes).toMatch(/\btype="application\/json"/);
        expect(body.trim()).toBe('');
      }
    }
    const configuration = html.match(/data-configuration="([^"]*)"/)?.[1] ?? '';
    expect(JSON.parse(configuration.replaceAll('&quot;', '"'))).toMatchObject({
      url: '/openapi.json',
      withDefaultFonts: false,
      telemetry: false,
    });
  });

  it('links the integration events’ AsyncAPI document, on this origin', async () => {
    const html = await (await api('/docs')).text();
    expect(html).toContain(`<a href="${ASYNCAPI_PATH}">Integration events (AsyncAPI)</a>`);
    expect((await api(ASYNCAPI_PATH)).status).toBe(200);
  });
});

describe('GET /docs/assets/…', () => {
  it('serves the reference UI bundle from this Worker under the same policy', async () => {
    const response = await api(DOCS_UI_SCRIPT_PATH);
    expect(response.status).toBe(200);
    expect(response.headers.get('Content-Type')).toMatch(/^(text|application)\/javascript/);
    expectSelfOnlyPolicy(response);
    expect(response.headers.get('X-Request-Id')).toEqual(expect.any(String));
    const etag = response.headers.get('ETag');
    expect((await response.text()).length).toBeGreaterThan(1_000_000);

    // Revalidation is cheap: the asset answers 304 to its own tag.
    expect(etag).toBeTruthy();
    const revalidated = await api(DOCS_UI_SCRIPT_PATH, { headers: { 'If-None-Match': etag ?? '' } });
    expect(revalidated.status).toBe(304);
  });

  it('answers a missing asset with the API not_found problem', async () => {
    const response = await api('/docs/assets/missing.js');
    expect(response.status).toBe(404);
    expect(response.headers.get('Content-Type')).toMatch(/^application\/problem\+json/);
    expect(await response.json()).toMatchObject({ code: 'not_found' });
  });
});
