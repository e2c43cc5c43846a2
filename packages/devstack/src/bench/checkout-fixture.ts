import { cartRequest, json } from './fixture-http';
import { type BenchVariant, stockSkus } from './stock-skus';

/** What the checkout flow buys and how it ships, made once per run by {@link prepareCheckout}. */
export interface CheckoutFixture {
  /** Stocked SKUs of their own; each flow takes the next three, cycling. */
  variants: BenchVariant[];
  /** A rate id of `GET /v1/carts/{id}/shipping-rates` for {@link SHIPPING_ADDRESS}. */
  shippingMethod: string;
}

/** Where every bench order ships: a US address the rate table serves. */
export const SHIPPING_ADDRESS = {
  firstName: 'Ada',
  lastName: 'Lovelace',
  line1: '1 Infinite Loop',
  city: 'Cupertino',
  region: 'CA',
  postalCode: '95014',
  country: 'US',
} as const;

// Products of their own, apart from the cart scenarios' and the generated catalog. Each flow
// sells three, so 30 SKUs keep any one SKU's InventoryObject from being every flow's bottleneck.
const HANDLE_PREFIX = 'bench-checkout';
const SKUS = 30;
// Every flow commits three units for good: far more than a run can sell.
const ON_HAND = 100_000_000;

/**
 * Prices and stocks the flow's SKUs (through the PIM and WMS endpoints, as cart-fixture.ts
 * does), then asks a cart with one of them and the address which rates it may ship at: the
 * rate is the same for every flow, so the flow itself need not ask.
 */
export async function prepareCheckout(options: {
  apiUrl: string;
  uncachedApiUrl: string;
  signingKey: string;
  progress: (line: string) => void;
}): Promise<CheckoutFixture> {
  const { apiUrl } = options;
  options.progress(`Checkout flow: pricing and stocking ${SKUS} SKUs…`);
  const variants = await stockSkus({
    apiUrl,
    uncachedApiUrl: options.uncachedApiUrl,
    signingKey: options.signingKey,
    handles: Array.from({ length: SKUS }, (_, index) => `${HANDLE_PREFIX}-${index}`),
    title: 'Bench checkout mug',
    onHand: ON_HAND,
  });
  const first = variants[0];
  if (!first) throw new Error('The checkout fixture stocked no SKU.');

  const cart = await json<{ id: string; token: string }>(
    await cartRequest(apiUrl, 'POST', '/v1/carts', null, { currency: 'USD' }),
    201,
  );
  const path = `/v1/carts/${cart.id}`;
  await json(
    await cartRequest(apiUrl, 'POST', `${path}/lines`, cart.token, { variantId: first.id, quantity: 1 }),
    200,
  );
  await json(await cartRequest(apiUrl, 'PUT', `${path}/shipping-address`, cart.token, SHIPPING_ADDRESS), 200);
  const rates = await json<{ data: { id: string }[] }>(
    await cartRequest(apiUrl, 'GET', `${path}/shipping-rates`, cart.token),
    200,
  );
  const shippingMethod = rates.data[0]?.id;
  if (shippingMethod === undefined) {
    throw new Error(`No shipping rate for the bench address: ${JSON.stringify(rates)}`);
  }
  return { variants, shippingMethod };
}
