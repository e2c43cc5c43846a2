import type { CartCatalog, CatalogVariant } from '../ports';

/**
 * A catalog the ledger's own tests change by hand: prices move, variants leave, the catalog
 * goes down. The Worker's HTTP tests use the real one (Postgres behind the catalog cache).
 */
export class TestCatalog implements CartCatalog {
  private readonly variants = new Map<string, CatalogVariant>();
  /** Makes every lookup throw, as an unreachable database would. */
  down = false;
  lookups = 0;

  constructor(private readonly currency = 'USD') {}

  put(variant: Pick<CatalogVariant, 'id' | 'sku'> & Partial<CatalogVariant>): CatalogVariant {
    const full: CatalogVariant = {
      title: `Variant ${variant.sku}`,
      productId: `prod_${variant.sku.toLowerCase()}`,
      productHandle: `product-${variant.sku.toLowerCase()}`,
      productTitle: `Product ${variant.sku}`,
      sellable: true,
      inventoryPolicy: 'deny',
      weightGrams: 250,
      price: 1_000,
      compareAtPrice: null,
      ...variant,
    };
    this.variants.set(full.id, full);
    return full;
  }

  update(id: string, change: Partial<CatalogVariant>): void {
    const current = this.variants.get(id);
    if (!current) throw new Error(`no variant ${id}`);
    this.variants.set(id, { ...current, ...change });
  }

  async variant(variantId: string, currency: string): Promise<CatalogVariant | null> {
    this.lookups++;
    if (this.down) throw new Error('catalog unreachable');
    const variant = this.variants.get(variantId);
    if (!variant) return null;
    return currency === this.currency ? variant : { ...variant, price: null, compareAtPrice: null };
  }
}
