import { SeededRandom } from './random';
import {
  ADJECTIVES,
  CATEGORY_TREE,
  type CategorySeed,
  COLLECTIONS,
  DESCRIPTION_SENTENCES,
  MATERIALS,
  OPTION_NAMES,
  OPTION_VALUES,
  TAGS,
  VENDORS,
} from './vocabulary';

export interface GeneratedPrice {
  id: string;
  variantId: string;
  currency: 'USD' | 'EUR' | 'GBP';
  amount: number;
  compareAtAmount: number | null;
  startsAt: Date | null;
}

export interface GeneratedProduct {
  product: {
    id: string;
    handle: string;
    title: string;
    description: string;
    status: 'draft' | 'active' | 'archived';
    vendor: string;
    tags: string[];
    attributes: Record<string, string>;
    createdAt: Date;
  };
  options: { name: string; position: number; values: string[] }[];
  variants: {
    id: string;
    sku: string;
    title: string;
    options: Record<string, string>;
    weightGrams: number;
    position: number;
    availableForSale: boolean;
  }[];
  prices: GeneratedPrice[];
  media: { id: string; url: string; alt: string; position: number }[];
  categoryHandle: string;
  collectionHandles: string[];
}

const LEAF_CATEGORIES = CATEGORY_TREE.filter(
  (category): category is CategorySeed & { products: NonNullable<CategorySeed['products']> } =>
    category.products !== undefined,
);

// The catalog's clock: product n was created n minutes after this, so "newest" is stable.
const CATALOG_EPOCH = Date.UTC(2025, 0, 1);
// Some prices change at a future date, to exercise validity windows.
const NEXT_PRICE_CHANGE = new Date(Date.UTC(2027, 0, 1));

export const seedId = (prefix: string, ...parts: number[]) =>
  `${prefix}_seed${parts.map((part) => part.toString(36)).join('x')}`;

/** Product number `index` of the deterministic catalog; the same index always gives the same product. */
export function generateProduct(index: number): GeneratedProduct {
  const random = new SeededRandom(index * 2_654_435_761 + 97);
  const category = random.pick(LEAF_CATEGORIES);
  const noun = random.pick(category.products.nouns);
  const adjective = random.pick(ADJECTIVES);
  const material = random.pick(MATERIALS);
  const title = `${adjective} ${material} ${noun}`;
  const productId = seedId('prod', index);
  const handle = `${slug(title)}-${index}`;

  const options = category.products.options.map((key, position) => {
    const all = OPTION_VALUES[key];
    // Two to four sizes and one to three colours: about five variants a product, as in a real shop.
    const values = random.sample(
      all,
      key === 'colour' ? random.integer(1, 3) : random.integer(2, Math.min(4, all.length)),
    );
    return { name: OPTION_NAMES[key], position, values };
  });

  const basePrice = roundToNinetyNine(random.integer(...category.products.basePrice));
  const onSale = random.chance(0.2);
  const futureChange = random.chance(0.05);
  const variants: GeneratedProduct['variants'] = [];
  const prices: GeneratedPrice[] = [];
  for (const [position, combination] of combinations(options).entries()) {
    const variantId = seedId('var', index, position);
    const surcharge = position % 3 === 2 ? 500 : 0;
    variants.push({
      id: variantId,
      sku: `${skuStem(noun)}-${index.toString().padStart(6, '0')}-${position.toString().padStart(2, '0')}`,
      title: Object.values(combination).join(' / ') || 'Default',
      options: combination,
      weightGrams: random.integer(80, 1800),
      position,
      availableForSale: !random.chance(0.08),
    });
    for (const [currency, rate] of [
      ['USD', 1],
      ['EUR', 0.92],
      ['GBP', 0.79],
    ] as const) {
      const amount = roundToNinetyNine((basePrice + surcharge) * rate);
      prices.push({
        id: seedId(`price_${currency.toLowerCase()}`, index, position),
        variantId,
        currency,
        amount,
        compareAtAmount: onSale ? roundToNinetyNine(amount * 1.25) : null,
        startsAt: null,
      });
      if (futureChange) {
        prices.push({
          id: seedId(`price_${currency.toLowerCase()}_next`, index, position),
          variantId,
          currency,
          amount: roundToNinetyNine(amount * 1.1),
          compareAtAmount: null,
          startsAt: NEXT_PRICE_CHANGE,
        });
      }
    }
  }

  const media = Array.from({ length: random.integer(1, 3) }, (_, position) => ({
    id: seedId('med', index, position),
    // .example is reserved for documentation (RFC 2606): honest placeholders for CDN images.
    url: `https://cdn.edge-commerce.example/products/${handle}/${position + 1}.jpg`,
    alt: position === 0 ? title : `${title}, view ${position + 1}`,
    position,
  }));

  const status = random.chance(0.03) ? 'draft' : random.chance(0.02) ? 'archived' : 'active';
  const collectionHandles = COLLECTIONS.filter((collection) => {
    if (collection.handle === 'summer-sale') return onSale;
    if (collection.handle === 'gifts-under-50') return basePrice < 5000 && random.chance(0.5);
    return random.chance(0.08);
  }).map((collection) => collection.handle);

  return {
    product: {
      id: productId,
      handle,
      title,
      description: random.sample(DESCRIPTION_SENTENCES, random.integer(2, 4)).join(' '),
      status,
      vendor: random.pick(VENDORS),
      tags: random.sample(TAGS, random.integer(0, 3)),
      attributes: {
        material: material.toLowerCase(),
        care: random.pick(['machine wash', 'hand wash', 'dry clean', 'wipe clean']),
      },
      createdAt: new Date(CATALOG_EPOCH + index * 60_000),
    },
    options,
    variants,
    prices,
    media,
    categoryHandle: category.handle,
    collectionHandles,
  };
}

/** Every combination of option values, e.g. size × colour, as `{ size: 'M', colour: 'Navy' }`. */
function combinations(options: { name: string; values: string[] }[]): Record<string, string>[] {
  return options.reduce<Record<string, string>[]>(
    (partial, option) =>
      partial.flatMap((combination) =>
        option.values.map((value) => ({ ...combination, [option.name]: value })),
      ),
    [{}],
  );
}

function roundToNinetyNine(amount: number): number {
  return Math.max(99, Math.round(amount / 100) * 100 - 1);
}

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

function skuStem(noun: string): string {
  return noun
    .replace(/[^A-Za-z]/g, '')
    .slice(0, 3)
    .toUpperCase();
}
