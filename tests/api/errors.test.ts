import { env, exports } from 'cloudflare:workers';
import { createRoute, z } from '@hono/zod-openapi';
import { describe, expect, it, vi } from 'vitest';
import { createApp } from '../../workers/api/src/app';
import { expectProblem } from './problem-assertions';

const api = (path: string, init?: RequestInit) => exports.default.fetch(`http://api.test${path}`, init);

// The foundation has no write routes yet; this one stands for them, mounted on the real app
// so that validation, JSON parsing and body limits run exactly as they will for cart lines.
function appWithWriteRoute() {
  const app = createApp();
  const LineInput = z.object({
    sku: z.string().min(1),
    quantity: z.number().int().min(1).max(99),
    note: z.string().max(200).optional(),
  });
  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/test-lines',
      request: {
        body: {
          required: true,
          content: { 'application/json': { schema: z.object({ lines: z.array(LineInput).min(1) }) } },
        },
      },
      responses: { 201: { description: 'created' } },
    }),
    (c) => c.json({ accepted: c.req.valid('json').lines.length }, 201),
  );
  app.get('/v1/test-explode', () => {
    throw new Error('secret connection string postgres://admin:hunter2@db/prod');
  });
  return app;
}

const post = (app: ReturnType<typeof createApp>, body: BodyInit, headers: Record<string, string> = {}) =>
  app.request(
    '/v1/test-lines',
    { method: 'POST', body, headers: { 'Content-Type': 'application/json', ...headers } },
    env,
  );

describe('problem+json for every error', () => {
  it('404 not_found for an unknown path', async () => {
    const problem = await expectProblem(await api('/v1/nope'), 404, 'not_found');
    expect(problem.detail).toContain('/v1/nope');
  });

  it('404 not_found outside /v1 too', async () => {
    await expectProblem(await api('/'), 404, 'not_found');
  });

  it('405 method_not_allowed with Allow for a known path under another method', async () => {
    const response = await api('/v1/health', { method: 'DELETE' });
    await expectProblem(response, 405, 'method_not_allowed');
    expect(response.headers.get('Allow')).toBe('GET, HEAD');
  });

  it('400 validation_failed lists every invalid field by path', async () => {
    const app = appWithWriteRoute();
    const response = await post(
      app,
      JSON.stringify({
        lines: [
          { sku: 'A', quantity: 1 },
          { sku: '', quantity: 0.5, note: 'x'.repeat(201) },
        ],
      }),
    );
    const problem = await expectProblem(response, 400, 'validation_failed');
    expect(problem.errors?.map((error) => error.path).sort()).toEqual([
      'lines[1].note',
      'lines[1].quantity',
      'lines[1].sku',
    ]);
    for (const error of problem.errors ?? []) expect(error.message).toEqual(expect.any(String));
  });

  it('400 malformed_json for an empty JSON body', async () => {
    const response = await appWithWriteRoute().request(
      '/v1/test-lines',
      { method: 'POST', headers: { 'Content-Type': 'application/json' } },
      env,
    );
    await expectProblem(response, 400, 'malformed_json');
  });

  it('400 malformed_json for a body that is not JSON', async () => {
    const problem = await expectProblem(
      await post(appWithWriteRoute(), '{"lines": [ {'),
      400,
      'malformed_json',
    );
    expect(problem.errors).toBeUndefined();
  });

  it('415 unsupported_media_type for a non-JSON body', async () => {
    const response = await post(appWithWriteRoute(), 'sku=A&quantity=1', {
      'Content-Type': 'application/x-www-form-urlencoded',
    });
    const problem = await expectProblem(response, 415, 'unsupported_media_type');
    expect(problem.detail).toContain('application/x-www-form-urlencoded');
  });

  it('415 when a body arrives without a Content-Type', async () => {
    const response = await api('/v1/health', { method: 'POST', body: new Blob(['{}']) });
    await expectProblem(response, 415, 'unsupported_media_type');
  });

  it('413 payload_too_large when Content-Length exceeds the cap', async () => {
    const limit = Number(env.MAX_BODY_BYTES);
    const body = JSON.stringify({ lines: [{ sku: 'A', quantity: 1, note: 'x'.repeat(limit) }] });
    const problem = await expectProblem(await post(appWithWriteRoute(), body), 413, 'payload_too_large');
    expect(problem.detail).toContain(String(limit));
  });

  it('413 payload_too_large for a streamed body without Content-Length', async () => {
    const limit = Number(env.MAX_BODY_BYTES);
    const chunk = new TextEncoder().encode('x'.repeat(64 * 1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent > limit) return controller.close();
        sent += chunk.byteLength;
        controller.enqueue(chunk);
      },
    });
    const response = await appWithWriteRoute().request(
      '/v1/test-lines',
      {
        method: 'POST',
        body: stream,
        headers: { 'Content-Type': 'application/json' },
        duplex: 'half',
      } as RequestInit,
      env,
    );
    await expectProblem(response, 413, 'payload_too_large');
  });

  it('500 internal_error hides the exception and logs it with the request id', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const response = await appWithWriteRoute().request('/v1/test-explode', {}, env);
      const problem = await expectProblem(response, 500, 'internal_error');
      expect(JSON.stringify(problem)).not.toContain('hunter2');
      const lines = logged.mock.calls.map(([line]) => JSON.parse(String(line)) as Record<string, unknown>);
      expect(lines).toContainEqual(
        expect.objectContaining({ message: 'unhandled exception', requestId: problem.requestId }),
      );
    } finally {
      logged.mockRestore();
    }
  });

  it('500 server_misconfigured names nothing secret when DATABASE_URL is missing', async () => {
    const { DATABASE_URL: _dropped, ...withoutDatabase } = env as unknown as Record<string, unknown>;
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const response = await createApp().request('/v1/health', {}, withoutDatabase);
      await expectProblem(response, 500, 'server_misconfigured');
      const lines = logged.mock.calls.map(([line]) => JSON.parse(String(line)) as { problems?: string[] });
      expect(lines.flatMap((line) => line.problems ?? [])).toContain('DATABASE_URL is required');
    } finally {
      logged.mockRestore();
    }
  });
});

describe('request ids', () => {
  it('assigns one when the client sends none', async () => {
    const response = await api('/v1/health');
    expect(response.headers.get('X-Request-Id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('honours a sane incoming id on the response and in problem bodies', async () => {
    const response = await api('/v1/nope', { headers: { 'X-Request-Id': 'lb-7f3a_9=' } });
    expect(response.headers.get('X-Request-Id')).toBe('lb-7f3a_9=');
    expect((await response.json<{ requestId: string }>()).requestId).toBe('lb-7f3a_9=');
  });

  it.each([
    ['too long', 'a'.repeat(129)],
    ['header injection characters', 'abc\tdef'],
    ['markup', '<script>'],
  ])('replaces an incoming id with %s', async (_case, incoming) => {
    const response = await api('/v1/health', { headers: { 'X-Request-Id': incoming } });
    expect(response.headers.get('X-Request-Id')).not.toBe(incoming);
    expect(response.headers.get('X-Request-Id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('structured logs', () => {
  it('writes one JSON line per request carrying the request id', async () => {
    const info = vi.spyOn(console, 'log').mockImplementation(() => {});
    try {
      const response = await createApp().request(
        '/v1/health',
        { headers: { 'X-Request-Id': 'log-test-1' } },
        { ...env, LOG_LEVEL: 'info' },
      );
      expect(response.status).toBe(200);
      const lines = info.mock.calls.map(([line]) => JSON.parse(String(line)) as Record<string, unknown>);
      const requestLines = lines.filter((line) => line.message === 'request');
      expect(requestLines).toEqual([
        expect.objectContaining({
          level: 'info',
          requestId: 'log-test-1',
          method: 'GET',
          path: '/v1/health',
          status: 200,
          durationMs: expect.any(Number),
        }),
      ]);
    } finally {
      info.mockRestore();
    }
  });
});
