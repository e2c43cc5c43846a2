import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { sql } from 'drizzle-orm';
import { publicAccess, requires } from '../auth/access';
import type { AppEnv } from '../env';
import { ApiError } from '../errors/problem';
import { describeError, log } from '../log';
import { commonProblems, problemResponses } from '../openapi/problem-schema';

const HealthSchema = z
  .object({
    status: z.literal('ok'),
    version: z.string().max(100).openapi({ example: '0.1.0+3f2c1ab' }),
    checks: z.object({
      database: z.object({
        status: z.literal('up'),
        latencyMs: z.number().min(0).max(60_000).openapi({ example: 4 }),
      }),
    }),
  })
  .openapi('Health');

const route = createRoute({
  method: 'get',
  path: '/v1/health',
  operationId: 'getHealth',
  tags: ['Operations'],
  summary: 'Report service health',
  description:
    'Checks that the database answers a query and reports the deployed version. Answers 503 with a ' +
    '`database_unavailable` problem when the database cannot be reached. Never cached.',
  ...requires(publicAccess),
  responses: {
    200: {
      description: 'The service and its database are up.',
      content: {
        'application/json': {
          schema: HealthSchema,
          example: {
            status: 'ok',
            version: '0.1.0+3f2c1ab',
            checks: { database: { status: 'up', latencyMs: 4 } },
          },
        },
      },
    },
    ...problemResponses(...commonProblems, 503),
  },
});

export function registerHealth(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    const { APP_VERSION } = c.get('config');
    c.header('Cache-Control', 'no-store');
    const started = performance.now();
    try {
      await c.get('database')().execute(sql`select 1`);
    } catch (error) {
      log('warn', 'database unreachable', {
        requestId: c.get('requestId'),
        error: describeError(error),
      });
      throw new ApiError('database_unavailable', 'The database did not answer.', {
        version: APP_VERSION,
        checks: { database: { status: 'down' } },
        headers: { 'Retry-After': '5' },
      });
    }
    const latencyMs = Math.round((performance.now() - started) * 10) / 10;
    return c.json(
      {
        status: 'ok' as const,
        version: APP_VERSION,
        checks: { database: { status: 'up' as const, latencyMs } },
      },
      200,
    );
  });
}
