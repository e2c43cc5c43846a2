import { catalogWrites } from '@edge-commerce/db';
import { isId } from '@edge-commerce/domain';
import { ApiError } from '../../errors/problem';

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
