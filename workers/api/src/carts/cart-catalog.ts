import type { CartCatalog, CatalogVariant } from '@edge-commerce/cart';
import { createDatabase, storefront } from '@edge-commerce/db';
import type { CatalogCache } from '../cache/catalog-cache';
import { ParsedBodies } from '../cache/parsed-bodies';
import { renderedBody } from '../catalog/storefront/cached-read';
import type { Config } from '../config';

/**
 * The catalog as a cart sees it: a variant and its price in force now, read through the catalog
 * cache (ADR 6, ADR 18), so that once warm a cart change costs no SQL round trip, and a catalog
 * write reaches carts when it reaches the storefront. A miss reads Postgres in one statement.
 */
export class CachedCartCatalog implements CartCatalog {
  /** SQL round trips so far: the host reports them per call, as Server-Timing does for routes. */
  statements = 0;
  private readonly parsed = new ParsedBodies<CatalogVariant | null>(1_000);

  constructor(
    private readonly config: Config,
    private readonly cache: () => CatalogCache,
  ) {}

  async variant(variantId: string, currency: string): Promise<CatalogVariant | null> {
    const cached = await this.cache().read(`cart:variant:${variantId}:${currency}`, async () =>
      renderedBody(await this.load(variantId, currency)),
    );
    return this.parsed.of(cached);
  }

  private async load(variantId: string, currency: string): Promise<CatalogVariant | null> {
    const handle = createDatabase({
      url: this.config.DATABASE_URL,
      localWebSocketProxy: this.config.DATABASE_WS_PROXY,
    });
    try {
      return await storefront.loadCartVariant(handle.db, variantId, currency);
    } finally {
      this.statements += handle.statementCount();
      await handle.close().catch(() => {});
    }
  }
}
