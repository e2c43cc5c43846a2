import type { catalogWrites } from '@edge-commerce/db';
import { RuleViolations } from '../write/rule-violations';
import { checkVariantOptions, optionCombination } from '../write/variant-options';

/**
 * A variant being created or changed fits its (locked) product: one defined value per option,
 * and no sibling with the same values. Throws 422 `rule_violated` listing what does not fit.
 */
export function checkVariantFits(
  product: catalogWrites.LockedProduct,
  options: Record<string, string>,
  variantId: string | undefined,
): void {
  const violations = new RuleViolations();
  checkVariantOptions(options, product.options, 'options', violations);
  const combination = optionCombination(options, product.options);
  const twin = product.variants.find(
    (sibling) =>
      sibling.id !== variantId && optionCombination(sibling.options, product.options) === combination,
  );
  if (twin) violations.add('options', `variant ${twin.sku} already has these option values`);
  violations.throwIfAny('rule_violated', 'variant');
}
