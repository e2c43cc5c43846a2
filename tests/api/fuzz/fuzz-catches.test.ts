import { createExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { createRoute, z } from '@hono/zod-openapi';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../workers/api/src/app';
import { adminAccess } from '../../../workers/api/src/auth/access';
import { unauthorized } from '../../../workers/api/src/auth/unauthorized';
import { API_ORIGIN } from '../catalog/catalog-test-kit';
import { SECRETS } from './credentials';
import {
  type FuzzTarget,
  formatFinding,
  KnownValues,
  OperationFuzzer,
  type OperationReport,
} from './fuzz-run';
import { type OpenApiDocument, operationsOf, resolverFor, routedOperations } from './openapi-operations';
import { bodyMutations, percentEncode, pickCases, seededRandom, validValue } from './schema-values';

// The fuzz suite's own proof: an app with deliberately broken routes, added the way any route
// is added and nothing else, is fuzzed by the same code, and each defect is found and named.

const CANARY = '/v1/fuzz-canary';

/** The API plus six broken routes, each documented like any other. */
function appWithDefects() {
  const app = createApp();
  // A string without the input boundary, whose NUL then breaks the handler, as Postgres would.
  app.openapi(
    createRoute({
      method: 'post',
      path: `${CANARY}/notes`,
      request: {
        body: {
          required: true,
          content: { 'application/json': { schema: z.object({ note: z.string().max(100) }).strict() } },
        },
      },
      responses: { 200: { description: 'Stored.' } },
    }),
    (c) => {
      if (c.req.valid('json').note.includes('\u0000'))
        throw new Error('invalid byte sequence for encoding "UTF8": 0x00');
      return c.json({ stored: true }, 200);
    },
  );
  // Documents the admin key but lives outside /v1/admin, so no guard stands in front of it.
  app.openapi(
    createRoute({
      method: 'get',
      path: `${CANARY}/reports`,
      security: adminAccess.security,
      responses: { 200: { description: 'The reports.' } },
    }),
    (c) => c.json({ reports: [] }, 200),
  );
  // Refuses bad input, but as text/plain rather than a problem.
  app.openapi(
    createRoute({
      method: 'get',
      path: `${CANARY}/pages`,
      request: { query: z.object({ size: z.string().max(3).optional() }) },
      responses: { 200: { description: 'A page.' }, 400: { description: 'Bad size.' } },
    }),
    (c) => {
      const { size } = c.req.valid('query');
      return size === undefined || /^\d+$/.test(size) ? c.json({ page: [] }, 200) : c.text('bad size', 400);
    },
  );
  // Shows its stack to the client when the number is not one.
  app.openapi(
    createRoute({
      method: 'get',
      path: `${CANARY}/totals`,
      request: { query: z.object({ year: z.string().max(4).optional() }) },
      responses: { 200: { description: 'Totals.' } },
    }),
    (c) => {
      const { year } = c.req.valid('query');
      if (year !== undefined && Number.isNaN(Number(year))) {
        return c.json({ error: new Error(`no year ${year}`).stack }, 200);
      }
      return c.json({ totals: [] }, 200);
    },
  );
  // Its own door, which misreads a request it should admit when a parameter is unusual.
  app.openapi(
    createRoute({
      method: 'get',
      path: `${CANARY}/exports`,
      security: adminAccess.security,
      request: { query: z.object({ format: z.string().max(10).optional() }) },
      responses: { 200: { description: 'An export.' } },
    }),
    (c) => {
      const format = c.req.valid('query').format;
      const key = c.req.header('Authorization') === `Bearer ${c.get('config').BOOTSTRAP_ADMIN_KEY}`;
      if (!key || (format !== undefined && !/^[a-z]+$/.test(format)))
        throw unauthorized('Send the admin key.');
      return c.json({ export: [] }, 200);
    },
  );
  // Tells anyone the admin key.
  app.openapi(
    createRoute({
      method: 'get',
      path: `${CANARY}/settings`,
      responses: { 200: { description: 'Settings.' } },
    }),
    (c) => c.json({ adminKey: c.get('config').BOOTSTRAP_ADMIN_KEY ?? null }, 200),
  );
  return app;
}

const reports = new Map<string, OperationReport>();

beforeAll(async () => {
  const app = appWithDefects();
  const send = async (request: Request) => app.request(request, undefined, env, createExecutionContext());
  const document = await (await send(new Request(`${API_ORIGIN}/openapi.json`))).json<OpenApiDocument>();
  const operations = operationsOf(document);
  const target: FuzzTarget = {
    send,
    origin: API_ORIGIN,
    resolve: resolverFor(document),
    operations,
    known: new KnownValues(),
    secrets: SECRETS,
    maxBodyBytes: 1_048_576,
    seed: 1,
    casesPerOperation: 30,
  };
  expect(routedOperations(app)).toEqual(
    expect.arrayContaining([`POST ${CANARY}/notes`, `GET ${CANARY}/settings`]),
  );
  for (const operation of operations.filter((candidate) => candidate.template.startsWith(CANARY))) {
    const fuzzer = new OperationFuzzer(operation, target);
    await fuzzer.prepare();
    reports.set(operation.label, await fuzzer.fuzz());
  }
}, 60_000);

/** Every reason the fuzzer gave for an operation, and the formatted findings for a failure message. */
function reasonsFor(label: string): { reasons: string[]; shown: string } {
  const report = reports.get(label);
  if (!report) throw new Error(`${label} was not fuzzed`);
  return {
    reasons: report.findings.flatMap((finding) => finding.broken),
    shown: report.findings.map(formatFinding).join('\n\n'),
  };
}

describe('the fuzz suite finds what it exists to find, on routes it was told nothing about', () => {
  it('a NUL that reaches the handler unchecked: a 500, with the request that caused it', () => {
    const report = reports.get(`POST ${CANARY}/notes`);
    const finding = report?.findings.find((candidate) =>
      candidate.case.startsWith('string:nul at body note'),
    );
    expect(finding?.broken).toContain('answered 500: no input may cause a 5xx');
    expect(finding?.request).toMatch(/^POST http:\/\/api\.test\/v1\/fuzz-canary\/notes\n/);
    expect(finding?.request).toContain('\\u0000');
    expect(finding?.response).toContain('internal_error');
    const message = formatFinding(finding ?? ({} as never));
    expect(message.includes('\u0000')).toBe(false);
    expect(message).not.toMatch(/[\ud800-\udfff]/u);
  });

  it('a secured operation that answers without credentials', () => {
    const { reasons, shown } = reasonsFor(`GET ${CANARY}/reports`);
    expect(reasons, shown).toContain('a secured operation answered 200 to no credentials');
    expect(reasons, shown).toContain('a secured operation answered 200 to a bogus bearer token');
  });

  it('a door that refuses the credentials it documents when the input is unusual', () => {
    const { reasons, shown } = reasonsFor(`GET ${CANARY}/exports`);
    expect(reasons, shown).toContain('refused valid credentials with 401: the door, not the input, answered');
    expect(
      reasons.some((reason) => reason.startsWith('a secured operation answered')),
      shown,
    ).toBe(false);
  });

  it('a 4xx that is not a problem', () => {
    const { reasons, shown } = reasonsFor(`GET ${CANARY}/pages`);
    expect(reasons, shown).toContain(
      'a 400 with Content-Type "text/plain; charset=UTF-8", not application/problem+json',
    );
    expect(reasons, shown).toContain('a 400 whose body is not JSON');
  });

  it('a stack trace in a body', () => {
    const { reasons, shown } = reasonsFor(`GET ${CANARY}/totals`);
    expect(
      reasons.some((reason) => reason.startsWith('the body holds what looks like a stack trace')),
      shown,
    ).toBe(true);
  });

  it('a configured secret in a body', () => {
    const { reasons, shown } = reasonsFor(`GET ${CANARY}/settings`);
    expect(
      reasons.some((reason) => reason.startsWith('the body holds a configured secret')),
      shown,
    ).toBe(true);
  });
});

describe('the generator', () => {
  it('spells lone surrogates in URLs as the CESU-8 bytes a careless encoder sends', () => {
    expect(percentEncode('a\ud800b\udc00')).toBe('a%ED%A0%80b%ED%B0%80');
    expect(percentEncode('\u{1F600}')).toBe('%F0%9F%98%80');
  });

  it('builds values from bounds and patterns when a schema has no example', () => {
    const resolve = <T>(node: T) => node;
    expect(validValue({ type: 'string', pattern: '^[A-Z]{3}$' }, resolve)).toBe('USD');
    expect(validValue({ type: 'integer', minimum: 5, maximum: 9 }, resolve)).toBe(5);
    expect(
      validValue(
        {
          type: 'object',
          required: ['tags'],
          properties: {
            tags: { type: 'array', minItems: 2, items: { type: 'boolean' } },
            x: { type: 'string' },
          },
        },
        resolve,
      ),
    ).toEqual({ tags: [true, true] });
  });

  it('changes one field per mutation', () => {
    const resolve = <T>(node: T) => node;
    const schema = {
      type: 'object',
      required: ['title', 'count'],
      properties: { title: { type: 'string', maxLength: 5 }, count: { type: 'integer', minimum: 0 } },
      additionalProperties: false,
    };
    const baseline = { title: 'shirt', count: 1 };
    const mutations = bodyMutations(schema, baseline, resolve);
    for (const mutation of mutations.filter((candidate) => candidate.path[0] === 'title')) {
      expect((mutation.body as Record<string, unknown>).count, mutation.kind).toBe(1);
    }
    expect(mutations.find((mutation) => mutation.kind === 'string:max-length+1')?.body).toEqual({
      title: 'shirtt',
      count: 1,
    });
    expect(mutations.map((mutation) => mutation.kind)).toEqual(
      expect.arrayContaining([
        'string:nul',
        'number:2^53',
        'object:unknown-field',
        'object:missing-required',
        'body:deep-array',
      ]),
    );
  });

  it('picks the same cases for the same seed, a NUL in every text field first', () => {
    const cases = ['a', 'b', 'c'].flatMap((target) =>
      ['string:nul', 'string:empty', 'number:-1'].map((kind) => ({ kind, target })),
    );
    const first = pickCases(cases, 4, seededRandom(7));
    expect(pickCases(cases, 4, seededRandom(7))).toEqual(first);
    expect(
      first
        .slice(0, 3)
        .map((picked) => `${picked.kind} ${picked.target}`)
        .sort(),
    ).toEqual(['string:nul a', 'string:nul b', 'string:nul c']);
  });
});
