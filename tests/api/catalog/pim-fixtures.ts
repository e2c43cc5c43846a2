import { uniqueSuffix } from './catalog-test-kit';

export interface ProductItem {
  handle: string;
  version: number;
  title: string;
  status: 'draft' | 'active' | 'archived';
  description?: string;
  vendor?: string | null;
  tags?: string[];
  attributes?: Record<string, string | number | boolean>;
  options?: { name: string; values: string[] }[];
  variants: {
    sku: string;
    title?: string;
    options?: Record<string, string>;
    weightGrams?: number | null;
    availableForSale?: boolean;
  }[];
  media?: { url: string; alt?: string }[];
  categories?: string[];
}

/** A product of a size option with three variants; `skuPrefix` keeps its SKUs our own. */
export function productItem(
  handle: string,
  version: number,
  overrides: Partial<ProductItem> = {},
): ProductItem {
  const skuPrefix = handle.toUpperCase();
  return {
    handle,
    version,
    title: `Linen shirt ${handle}`,
    status: 'active',
    description: 'A breathable linen shirt.',
    vendor: 'Atelier Nord',
    tags: ['linen', 'summer'],
    attributes: { material: 'linen' },
    options: [{ name: 'size', values: ['S', 'M', 'L'] }],
    variants: ['S', 'M', 'L'].map((size) => ({
      sku: `${skuPrefix}-${size}`,
      options: { size },
      weightGrams: 200,
    })),
    media: [{ url: `https://cdn.example.com/${handle}/front.jpg`, alt: 'Front' }],
    categories: [],
    ...overrides,
  };
}

/** `count` distinct products for one run: `pim-<run>-0`, `pim-<run>-1`, … */
export function productBatch(count: number, version = 1, run = uniqueSuffix()): ProductItem[] {
  return Array.from({ length: count }, (_, index) => productItem(`pim-${run}-${index}`, version));
}
