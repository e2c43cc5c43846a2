import { catalogWrites } from '@edge-commerce/db';
import { newId } from '@edge-commerce/domain';

// The children an operator sets on a product, written with the same set-based statements the
// PIM batches use (each replaces the product's rows of its table).

export function writeOptions(
  tx: catalogWrites.Transaction,
  productId: string,
  options: readonly { name: string; values: string[] }[],
): Promise<void> {
  return catalogWrites.replaceProductOptions(
    tx,
    [productId],
    options.map((option, position) => ({ productId, name: option.name, position, values: option.values })),
  );
}

export function writeMedia(
  tx: catalogWrites.Transaction,
  productId: string,
  media: readonly { url: string; alt: string }[],
): Promise<void> {
  return catalogWrites.replaceProductMedia(
    tx,
    [productId],
    media.map((picture, position) => ({
      id: newId('media'),
      productId,
      url: picture.url,
      alt: picture.alt,
      position,
    })),
  );
}

export function writeCategories(
  tx: catalogWrites.Transaction,
  productId: string,
  categoryIds: readonly string[],
): Promise<void> {
  return catalogWrites.replaceProductCategories(
    tx,
    [productId],
    categoryIds.map((categoryId) => ({ productId, categoryId })),
  );
}

/** Category handles → ids, recording every unknown handle as a violation at `path[index]`. */
export async function resolveCategoryHandles(
  db: catalogWrites.Executor,
  handles: readonly string[],
  path: string,
  violations: { add(path: string, message: string): void },
): Promise<string[]> {
  const found = await catalogWrites.findCategoriesByHandle(db, [...new Set(handles)]);
  handles.forEach((handle, index) => {
    if (!found.has(handle)) violations.add(`${path}[${index}]`, `no category has the handle ${handle}`);
  });
  return [...new Set(handles)].flatMap((handle) => found.get(handle)?.id ?? []);
}
