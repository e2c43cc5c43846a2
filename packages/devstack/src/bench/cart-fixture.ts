import { cartRequest, inParallel, json } from './fixture-http';
import { type BenchVariant, stockSkus } from './stock-skus';

export type { BenchVariant } from './stock-skus';

/** A cart the bench opened, with the token its creation returned. */
export interface BenchCart {
  id: string;
  token: string;
}

/** A line the setup put in a cart, for the change-quantity scenario to PATCH. */
export interface BenchLine {
  cart: BenchCart;
  lineId: string;
  /** The quantity the next PATCH sets: it alternates, so every change is a real one. */
  nextQuantity: number;
}

/** What the cart scenarios run against, made once per run by {@link prepareCarts}. */
export interface CartFixture {
  carts: BenchCart[];
  variants: BenchVariant[];
  /** One line per cart, added at setup. */
  lines: BenchLine[];
  /** Carts of their own for the hot-SKU scenario, empty at setup. */
  hotCarts: BenchCart[];
  hotVariant: BenchVariant;
}

export interface CartFixtureOptions {
  apiUrl: string;
  /** Reads the product pages without the catalog cache, so they are never stale. */
  uncachedApiUrl: string;
  signingKey: string;
  carts: number;
  skus: number;
  hotCarts: number;
  /** On hand per SKU: enough that no add of the run runs out (reservations live 15 minutes). */
  onHand: number;
  progress: (line: string) => void;
}

// Products of their own, so the generated catalog the catalog scenarios read stays as it is.
const HANDLE_PREFIX = 'bench-cart';

/**
 * Prices and stocks `skus` SKUs plus one hot SKU (through the PIM and WMS endpoints, as a
 * partner would), opens `carts` carts with one line each and `hotCarts` empty carts. Versions
 * and sequences come from the clock, so the catalog kept in .bench/ takes them in every run;
 * the Durable Objects' storage is new in every run, so no reservation of an earlier run remains.
 */
export async function prepareCarts(options: CartFixtureOptions): Promise<CartFixture> {
  const { apiUrl, signingKey, progress } = options;
  const handles = Array.from({ length: options.skus + 1 }, (_, index) =>
    index === options.skus ? `${HANDLE_PREFIX}-hot` : `${HANDLE_PREFIX}-${index}`,
  );

  progress(`Cart scenarios: pricing and stocking ${options.skus} SKUs and a hot one…`);
  const variants = await stockSkus({
    apiUrl,
    uncachedApiUrl: options.uncachedApiUrl,
    signingKey,
    handles,
    title: 'Bench cart tee',
    onHand: options.onHand,
  });
  const hotVariant = variants.pop();
  if (!hotVariant) throw new Error('No hot variant.');

  progress(`Cart scenarios: opening ${options.carts} carts with a line each and ${options.hotCarts} empty…`);
  const openCart = async (): Promise<BenchCart> => {
    const created = await json<BenchCart>(await cartRequest(apiUrl, 'POST', '/v1/carts', null, {}), 201);
    return { id: created.id, token: created.token };
  };
  const carts = await inParallel(Array.from({ length: options.carts }), openCart);
  const hotCarts = await inParallel(Array.from({ length: options.hotCarts }), openCart);
  const lines = await inParallel(carts, async (cart, index) => {
    const variant = variants[index % variants.length] as BenchVariant;
    const added = await json<{ lines: { id: string; variantId: string }[] }>(
      await cartRequest(apiUrl, 'POST', `/v1/carts/${cart.id}/lines`, cart.token, {
        variantId: variant.id,
        quantity: 1,
      }),
      200,
    );
    const line = added.lines.find((candidate) => candidate.variantId === variant.id);
    if (!line) throw new Error(`Cart ${cart.id} answered without the line it was given.`);
    return { cart, lineId: line.id, nextQuantity: 2 };
  });
  return { carts, variants, lines, hotCarts, hotVariant };
}
