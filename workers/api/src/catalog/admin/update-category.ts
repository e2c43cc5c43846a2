import { catalogWrites } from '@edge-commerce/db';
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { adminAccess, requires } from '../../auth/access';
import type { AppEnv } from '../../env';
import { ApiError } from '../../errors/problem';
import { commonProblems, problemResponses } from '../../openapi/problem-schema';
import { catalogEvent } from '../write/events';
import { writeOnce } from '../write/write-once';
import { assertTreeLimits, pathUnder, resolveParent } from './category-parent';
import { EntityTagHeaders, entityTagOf } from './entity-tag';
import { assertPrecondition, IfMatchHeader, preconditionOfRequest } from './if-match';
import { assertIdShape, notFound } from './not-found';
import { CategoryIdParam } from './params';
import { AdminCategory, AdminCategoryPatch } from './schemas';

const route = createRoute({
  method: 'patch',
  path: '/v1/admin/categories/{categoryId}',
  operationId: 'adminUpdateCategory',
  tags: ['Admin'],
  summary: 'Rename, move or reorder a category',
  description: `Changes the given fields. A new handle or parent (\`parentId\`, \`null\` for the root, or
\`parentHandle\`) rewrites the \`path\` of the category and of every category below it, in one
statement. A category cannot move below itself. Tree changes take turns (one at a time), so two
concurrent moves cannot make a cycle. Records a \`CategoryUpdated\` event.

**Concurrency**: \`If-Match\` is optional. With the \`ETag\` of a GET (or of the previous PATCH),
the change applies only if the category is still exactly what that tag names (a move of a parent
changes its \`path\`, and so its tag), checked and written in one transaction while tree changes
take turns: of two operators sending the same tag, one wins and the other gets 412. \`*\` matches
any category; weak tags never match. Without it, the change applies to whatever is current. The
answer carries the new \`ETag\`.

Errors: 404 \`not_found\`, 400 \`validation_failed\` (also a malformed \`If-Match\`),
409 \`handle_taken\`, 412 \`precondition_failed\` (the category changed since the tag was read;
nothing changed), 422 \`rule_violated\` (unknown parent, a cycle).`,
  ...requires(adminAccess),
  request: {
    params: CategoryIdParam,
    headers: IfMatchHeader,
    body: {
      required: true,
      content: { 'application/json': { schema: AdminCategoryPatch, example: { parentHandle: 'apparel' } } },
    },
  },
  responses: {
    200: {
      description: 'The category as updated, with its new `ETag`.',
      headers: EntityTagHeaders,
      content: { 'application/json': { schema: AdminCategory } },
    },
    ...problemResponses(...commonProblems, 401, 404, 409, 412, 422, 503),
  },
});

export function registerUpdateCategory(app: OpenAPIHono<AppEnv>): void {
  app.openapi(route, async (c) => {
    const { categoryId } = c.req.valid('param');
    const patch = c.req.valid('json');
    const precondition = preconditionOfRequest(c.req.valid('header')['if-match']);
    assertIdShape('category', categoryId);
    const answer = await writeOnce(c, undefined, {
      prepare: async () => undefined,
      apply: async (tx) => {
        await catalogWrites.lockCategoryTree(tx);
        const before = await catalogWrites.findCategory(tx, { id: categoryId });
        if (!before) throw notFound('category', categoryId);
        await assertPrecondition(precondition, 'category', () =>
          catalogWrites.readCategoryView(tx, categoryId),
        );
        const named = await resolveParent(tx, patch);
        const parent =
          named === undefined
            ? before.parentId === null
              ? null
              : ((await catalogWrites.findCategory(tx, { id: before.parentId })) ?? null)
            : named;
        if (parent && (parent.id === before.id || parent.path.startsWith(`${before.path}/`))) {
          throw new ApiError('rule_violated', 'A category cannot move below itself; nothing was changed.', {
            errors: [
              {
                path: patch.parentHandle === undefined ? 'parentId' : 'parentHandle',
                message: `${parent.path} is ${parent.id === before.id ? 'the category itself' : 'below the category'}`,
              },
            ],
          });
        }
        const handle = patch.handle ?? before.handle;
        const after = {
          ...before,
          handle,
          name: patch.name ?? before.name,
          position: patch.position ?? before.position,
          parentId: parent?.id ?? null,
          path: pathUnder(parent, handle),
        };
        if (after.path !== before.path) {
          await assertTreeLimits(
            tx,
            after.path,
            before.path,
            patch.parentHandle === undefined ? 'parentId' : 'parentHandle',
          );
        }
        const descendantsMoved = await catalogWrites
          .updateCategory(tx, before, after)
          .catch((error: unknown) => {
            throw error instanceof catalogWrites.CategoryHandleTakenError
              ? new ApiError('handle_taken', `A category already has the handle ${error.handle}.`)
              : error;
          });
        await catalogWrites.appendOutboxEvents(tx, [
          catalogEvent(
            'CategoryUpdated',
            categoryId,
            {
              categoryId,
              handle: after.handle,
              name: after.name,
              parentId: after.parentId,
              path: after.path,
              change: 'updated',
              descendantsMoved,
            },
            new Date(),
          ),
        ]);
        const view = await catalogWrites.readCategoryView(tx, categoryId);
        if (!view) throw notFound('category', categoryId);
        return { status: 200 as const, body: view, changed: true };
      },
    });
    return c.json(answer.body, answer.status, { ...answer.headers, ETag: await entityTagOf(answer.body) });
  });
}
