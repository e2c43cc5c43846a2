import { catalogWrites, type Database } from '@edge-commerce/db';
import { newId } from '@edge-commerce/domain';
import { checkProductRules } from '../write/product-rules';
import { RuleViolations } from '../write/rule-violations';
import { stockPolicyChange } from '../write/stock-policy-rules';
import { defaultVariantTitle } from '../write/variant-options';
import type { PimProduct } from './product-batch-schema';

/**
 * Checks every rule of a product batch that relates fields, items or stored rows, and resolves
 * it into rows to write. Every violation of the whole batch is collected before answering one
 * 422 `batch_rejected`; nothing is written. Two statements, whatever the batch size: SKU owners
 * and category handles.
 */
export async function planProductBatch(
  db: Database,
  products: readonly PimProduct[],
): Promise<catalogWrites.PimProduct[]> {
  const violations = new RuleViolations();
  const handles = new Map<string, number>();
  const skus = new Map<string, string>();

  products.forEach((product, index) => {
    const path = `products[${index}]`;
    const first = handles.get(product.handle);
    if (first === undefined) handles.set(product.handle, index);
    else
      violations.add(`${path}.handle`, `repeats the handle of products[${first}]; send one item per product`);

    checkProductRules(product, `${path}.`, violations, skus);
  });

  const categoryHandles = [...new Set(products.flatMap((product) => product.categories))];
  const owners = await catalogWrites.findVariantOwners(db, [...skus.keys()]);
  const categories = await catalogWrites.findCategoriesByHandle(db, categoryHandles);

  products.forEach((product, index) => {
    product.variants.forEach((variant, variantIndex) => {
      const owner = owners.get(variant.sku);
      if (owner && owner.productHandle !== product.handle) {
        violations.add(
          `products[${index}].variants[${variantIndex}].sku`,
          `belongs to product ${owner.productHandle}; remove it there first`,
        );
      }
    });
    product.categories.forEach((handle, categoryIndex) => {
      if (!categories.has(handle)) {
        violations.add(
          `products[${index}].categories[${categoryIndex}]`,
          `no category has the handle ${handle}`,
        );
      }
    });
  });

  violations.throwIfAny('batch_rejected', 'product batch');

  return products.map((product) => ({
    id: newId('product'),
    handle: product.handle,
    title: product.title,
    description: product.description,
    status: product.status,
    vendor: product.vendor ?? null,
    tags: product.tags,
    attributes: product.attributes,
    version: product.version,
    options: product.options,
    variants: product.variants.map((variant) => ({
      id: newId('variant'),
      sku: variant.sku,
      title: variant.title ?? defaultVariantTitle(variant.options, product.options, product.title),
      options: variant.options,
      weightGrams: variant.weightGrams ?? null,
      availableForSale: variant.availableForSale,
      stockPolicy: stockPolicyChange(variant),
    })),
    media: product.media.map((picture) => ({ id: newId('media'), url: picture.url, alt: picture.alt })),
    categoryIds: [...new Set(product.categories)].flatMap((handle) => categories.get(handle)?.id ?? []),
  }));
}
