import { catalogWrites } from '@edge-commerce/db';
import { isId } from '@edge-commerce/domain';
import { ApiError } from '../../errors/problem';
import { MAX_CATEGORIES, MAX_CATEGORY_DEPTH } from '../write/category-limits';

export interface ParentReference {
  parentId?: string | null | undefined;
  parentHandle?: string | undefined;
}

/**
 * The parent a request names: undefined when it names none, null for the root, the category
 * otherwise. A parent that does not exist is a 422 on the field that named it.
 */
export async function resolveParent(
  tx: catalogWrites.Transaction,
  reference: ParentReference,
): Promise<catalogWrites.CategoryRow | null | undefined> {
  if (reference.parentHandle !== undefined) {
    const parent = await catalogWrites.findCategory(tx, { handle: reference.parentHandle });
    if (!parent) throw unknownParent('parentHandle', `no category has the handle ${reference.parentHandle}`);
    return parent;
  }
  if (reference.parentId === undefined) return undefined;
  if (reference.parentId === null) return null;
  const parent = isId('category', reference.parentId)
    ? await catalogWrites.findCategory(tx, { id: reference.parentId })
    : undefined;
  if (!parent) throw unknownParent('parentId', `no category has the id ${reference.parentId}`);
  return parent;
}

function unknownParent(path: string, message: string): ApiError {
  return new ApiError('rule_violated', 'The parent category does not exist; nothing was changed.', {
    errors: [{ path, message }],
  });
}

export const pathUnder = (parent: catalogWrites.CategoryRow | null, handle: string): string =>
  parent ? `${parent.path}/${handle}` : handle;

const depthOf = (path: string): number => path.split('/').length;

/**
 * Keeps the tree within its limits (category-limits.ts): a new category must fit in the tree,
 * and a category placed at `path` takes its subtree with it, whose deepest category must still
 * be at most `MAX_CATEGORY_DEPTH` levels down. Runs under the tree lock; `field` is what named
 * the parent. `before` is the category's current path when it is moved, undefined when created.
 */
export async function assertTreeLimits(
  tx: catalogWrites.Transaction,
  path: string,
  before: string | undefined,
  field: string,
): Promise<void> {
  const measure = await catalogWrites.measureCategoryTree(tx, before);
  if (before === undefined && measure.categories >= MAX_CATEGORIES) {
    throw new ApiError(
      'rule_violated',
      `The category tree holds its limit of ${MAX_CATEGORIES} categories.`,
      {
        errors: [{ path: 'handle', message: `at most ${MAX_CATEGORIES} categories` }],
      },
    );
  }
  const subtreeLevels = before === undefined ? 1 : measure.deepestBelow - depthOf(before) + 1;
  if (depthOf(path) - 1 + subtreeLevels > MAX_CATEGORY_DEPTH) {
    throw new ApiError(
      'rule_violated',
      `Categories nest at most ${MAX_CATEGORY_DEPTH} levels deep; nothing was changed.`,
      {
        errors: [
          {
            path: field,
            message: `${path} would put a category more than ${MAX_CATEGORY_DEPTH} levels deep`,
          },
        ],
      },
    );
  }
}
