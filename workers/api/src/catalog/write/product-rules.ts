import type { RuleViolations } from './rule-violations';
import { checkStockPolicy, type StockPolicyInput } from './stock-policy-rules';
import {
  checkOptionDefinitions,
  checkVariantOptions,
  type OptionDefinition,
  optionCombination,
} from './variant-options';

/** What the product rules look at, whoever sends the product (PIM or admin). */
export interface ProductDraft {
  options: OptionDefinition[];
  variants: ({ sku: string; options: Record<string, string> } & StockPolicyInput)[];
  media: { url: string }[];
}

/**
 * The rules of one product that relate its fields: option definitions well-formed, each variant
 * naming one defined value per option and a coherent stock policy, no two variants with the same
 * values, no picture twice.
 * SKUs are checked against `skus` (path of the first occurrence by SKU), shared across the
 * products of a batch so a SKU used twice anywhere in it is caught.
 */
export function checkProductRules(
  product: ProductDraft,
  path: string,
  violations: RuleViolations,
  skus: Map<string, string> = new Map(),
): void {
  checkOptionDefinitions(product.options, `${path}options`, violations);
  const combinations = new Map<string, number>();
  product.variants.forEach((variant, index) => {
    const variantPath = `${path}variants[${index}]`;
    const first = skus.get(variant.sku);
    if (first === undefined) skus.set(variant.sku, `${variantPath}.sku`);
    else violations.add(`${variantPath}.sku`, `repeats the SKU of ${first}`);

    checkVariantOptions(variant.options, product.options, `${variantPath}.options`, violations);
    checkStockPolicy(variant, `${variantPath}.`, violations);
    const combination = optionCombination(variant.options, product.options);
    const same = combinations.get(combination);
    if (same === undefined) combinations.set(combination, index);
    else violations.add(`${variantPath}.options`, `has the same option values as ${path}variants[${same}]`);
  });
  const urls = new Map<string, number>();
  product.media.forEach((picture, index) => {
    const first = urls.get(picture.url);
    if (first === undefined) urls.set(picture.url, index);
    else violations.add(`${path}media[${index}].url`, `repeats ${path}media[${first}].url`);
  });
}
