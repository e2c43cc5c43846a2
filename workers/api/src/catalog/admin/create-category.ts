import { catalogWrites } from '@edge-commerce/db';
import { newId } from '@edge-commerce/domain';
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { adminAccess, requires } from '../../auth/access';
import type { AppEnv } from '../../env';
import { ApiError } from '../../errors/problem';
import { commonProblems, problemResponses } from '../../openapi/problem-schema';
import { catalogEvent } from '../write/events';
import { writeOnce } from '../write/write-once';
import { assertTreeLimits, pathUnder, resolveParent } from './category-parent';
import { adminIdempotencyScope } from './idempotency';
import { AdminCategory, AdminCategoryCreate, IdempotencyKeyHeader } from './schemas';

const route = createRoute({
  method: 'post',
  path: '/v1/admin/categories',
  operationId: 'adminCreateCategory',
  tags: ['Admin'],
  summary: 'Create a category',
  description: `Creates a category at the root or under a parent named by \`parentId\` or \`parentHandle\`;
its \`path\` is the chain of handles from the root (\`apparel/shirts\`). Records a \`CategoryUpdated\`
event.

Errors: 409 \`handle_taken\`, 422 \`rule_violated\` (unknown parent), 422 \`idempotency_key_reused\`.`,
  ...requires(adminAccess),
  request: {
    headers: IdempotencyKeyHeader,
    body: {
      required: true,
      content: {
        'application/json': {
          schema: AdminCategoryCreate,
          example: { handle: 'shirts', name: 'Shirts', parentHandle: 'apparel' },
        },
      },
    },
  },
  responses: {
    201: {
      description: 'Created; `Location` names the new category.',
      headers: {
        Location: { schema: { type: 'string', maxLength: 200 }, description: '/v1/admin/categories/{id}' },
      },
      content: { 'application/json': { schema: AdminCategory } },
    },
    ...problemResponses(...commonProblems, 401, 409, 422, 503),
  },
});

export function registerCreateCategory(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    const input = c.req.valid('json');
    const answer = await writeOnce(c, await adminIdempotencyScope(c), {
      prepare: async () => undefined,
      apply: async (tx) => {
        await catalogWrites.lockCategoryTree(tx);
        const parent = (await resolveParent(tx, input)) ?? null;
        const category = {
          id: newId('category'),
          handle: input.handle,
          name: input.name,
          parentId: parent?.id ?? null,
          path: pathUnder(parent, input.handle),
          position: input.position,
        };
        await assertTreeLimits(
          tx,
          category.path,
          undefined,
          input.parentHandle === undefined ? 'parentId' : 'parentHandle',
        );
        if (!(await catalogWrites.insertCategory(tx, category))) {
          throw new ApiError('handle_taken', `A category already has the handle ${input.handle}.`);
        }
        await catalogWrites.appendOutboxEvents(tx, [
          catalogEvent(
            'CategoryUpdated',
            category.id,
            {
              categoryId: category.id,
              handle: category.handle,
              name: category.name,
              parentId: category.parentId,
              path: category.path,
              change: 'created',
              descendantsMoved: 0,
            },
            new Date(),
          ),
        ]);
        const view = await catalogWrites.readCategoryView(tx, category.id);
        if (!view) throw new Error(`category ${category.id} vanished inside its own transaction`);
        return {
          status: 201 as const,
          body: view,
          headers: { Location: `/v1/admin/categories/${category.id}` },
          changed: true,
        };
      },
    });
    return c.json(answer.body, answer.status, answer.headers);
  });
}
