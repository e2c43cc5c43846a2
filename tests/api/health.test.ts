import { env, exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../workers/api/src/app';
import { expectProblem } from './problem-assertions';

describe('GET /v1/health', () => {
  it('reports the database up and the deployed version', async () => {
    const response = await exports.default.fetch('http://api.test/v1/health');

    expect(response.status).toBe(200);
    expect(response.headers.get('Cache-Control')).toBe('no-store');
    const body = await response.json<{
      status: string;
      version: string;
      checks: { database: { status: string; latencyMs: number } };
    }>();
    expect(body.status).toBe('ok');
    expect(body.version).toBe(env.APP_VERSION);
    expect(body.checks.database.status).toBe('up');
    expect(body.checks.database.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it('answers 100 concurrent requests, each on its own database connection', async () => {
    const responses = await Promise.all(
      Array.from({ length: 100 }, () => exports.default.fetch('http://api.test/v1/health')),
    );
    const statuses = await Promise.all(
      responses.map(async (response) => {
        await response.body?.cancel();
        return response.status;
      }),
    );
    expect(statuses).toEqual(Array(100).fill(200));
    expect(new Set(responses.map((response) => response.headers.get('X-Request-Id'))).size).toBe(100);
  });

  it('answers HEAD like GET, without a body', async () => {
    const response = await exports.default.fetch('http://api.test/v1/health', { method: 'HEAD' });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('');
  });

  it('answers 503 database_unavailable when the database refuses connections', async () => {
    // Same Worker, same driver and bridge, but pointed at a port nothing listens on: the bridge
    // only dials allowed targets, so the refusal comes back as a closed socket, as from Neon.
    const deadDatabase = { ...env, DATABASE_URL: 'postgres://postgres@127.0.0.1:1/postgres' };
    const response = await createApp().request('/v1/health', {}, deadDatabase);

    const problem = await expectProblem(response, 503, 'database_unavailable');
    expect(problem.checks).toEqual({ database: { status: 'down' } });
    expect(problem.version).toBe(env.APP_VERSION);
    expect(response.headers.get('Retry-After')).toBe('5');
  });

  it('answers 503 when the database bridge itself is unreachable', async () => {
    const noBridge = { ...env, DATABASE_WS_PROXY: '127.0.0.1:1/v1' };
    const response = await createApp().request('/v1/health', {}, noBridge);
    await expectProblem(response, 503, 'database_unavailable');
  });
});
