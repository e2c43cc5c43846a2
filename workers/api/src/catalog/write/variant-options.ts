import type { RuleViolations } from './rule-violations';

export interface OptionDefinition {
  name: string;
  values: string[];
}

/** Option definitions are well-formed: names unique, values unique within their option. */
export function checkOptionDefinitions(
  options: readonly OptionDefinition[],
  path: string,
  violations: RuleViolations,
): void {
  const names = new Map<string, number>();
  options.forEach((option, index) => {
    const first = names.get(option.name);
    if (first === undefined) names.set(option.name, index);
    else violations.add(`${path}[${index}].name`, `repeats the option ${option.name} of ${path}[${first}]`);
    const values = new Set<string>();
    option.values.forEach((value, valueIndex) => {
      if (values.has(value))
        violations.add(`${path}[${index}].values[${valueIndex}]`, `repeats the value ${value}`);
      values.add(value);
    });
  });
}

/**
 * A variant names exactly one value of each of its product's options, and that value is one
 * the option defines: `{ size: "M" }` for a product with a size option (S, M, L).
 */
export function checkVariantOptions(
  variantOptions: Readonly<Record<string, string>>,
  definitions: readonly OptionDefinition[],
  path: string,
  violations: RuleViolations,
): void {
  // The first definition of a name counts; a repeated one is reported by checkOptionDefinitions.
  const defined = new Map<string, string[]>();
  for (const option of definitions) if (!defined.has(option.name)) defined.set(option.name, option.values);
  for (const [name, value] of Object.entries(variantOptions)) {
    const values = defined.get(name);
    if (!values) violations.add(`${path}.${name}`, `is not an option of the product`);
    else if (!values.includes(value))
      violations.add(`${path}.${name}`, `${value} is not a value of option ${name}`);
  }
  for (const name of defined.keys()) {
    if (!Object.hasOwn(variantOptions, name)) violations.add(path, `lacks a value for option ${name}`);
  }
}

/** The identity of a variant's option combination, independent of key order. */
export function optionCombination(
  variantOptions: Readonly<Record<string, string>>,
  definitions: readonly OptionDefinition[],
): string {
  return JSON.stringify(definitions.map((option) => variantOptions[option.name] ?? null));
}

/** The default title of a variant: its option values in option order ("M / Blue"). */
export function defaultVariantTitle(
  variantOptions: Readonly<Record<string, string>>,
  definitions: readonly OptionDefinition[],
  productTitle: string,
): string {
  const values = definitions.flatMap((option) => variantOptions[option.name] ?? []);
  return values.length > 0 ? values.join(' / ') : productTitle;
}
