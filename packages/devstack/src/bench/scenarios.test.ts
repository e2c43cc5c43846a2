import { describe, expect, it } from 'vitest';
import type { CartFixture } from './cart-fixture';
import {
  CHECKOUT_FLOW,
  connectionCounts,
  RELAY_FLOW,
  runsAt,
  SCENARIOS,
  selectFlows,
  selectScenarios,
} from './scenarios';

const named = (name: string) => {
  const scenario = SCENARIOS.find((candidate) => candidate.name === name);
  if (!scenario) throw new Error(`no scenario ${name}`);
  return scenario;
};

function fixture(carts: number, skus: number): CartFixture {
  const cartList = Array.from({ length: carts }, (_, index) => ({ id: `cart_${index}`, token: `t${index}` }));
  return {
    carts: cartList,
    variants: Array.from({ length: skus }, (_, index) => ({ id: `var_${index}`, sku: `SKU-${index}` })),
    lines: cartList.map((cart, index) => ({ cart, lineId: `line_${index}`, nextQuantity: 2 })),
    hotCarts: cartList.slice(0, 2),
    hotVariant: { id: 'var_hot', sku: 'HOT' },
  };
}

describe('bench scenarios', () => {
  it('runs the cart scenarios alone, with the baseline, at their own counts and the hot SKU’s 200', () => {
    const carts = selectScenarios(['cart']);
    expect(carts.map((scenario) => scenario.name)).toEqual([
      'baseline',
      'cart-add',
      'cart-change',
      'cart-read-warm',
      'cart-hot-sku',
      'cart-floor',
      'cart-floor-hot-sku',
    ]);
    expect(connectionCounts(null, carts)).toEqual([16, 64, 200]);
    expect(connectionCounts(null, SCENARIOS)).toEqual([1, 16, 64, 200]);
    expect(connectionCounts([16], carts)).toEqual([16]);
  });

  it('runs the checkout flow by its name, with the baseline at its shopper counts, and by default', () => {
    const scenarios = selectScenarios(['checkout']);
    const flows = selectFlows(['checkout']);
    expect(scenarios.map((scenario) => scenario.name)).toEqual(['baseline']);
    expect(flows).toEqual([CHECKOUT_FLOW]);
    expect(connectionCounts(null, scenarios, flows)).toEqual([1, 16]);
    expect(selectFlows([])).toEqual([CHECKOUT_FLOW, RELAY_FLOW]);
    expect(selectFlows(['cart'])).toEqual([]);
    expect(() => selectScenarios(['no-such'])).toThrow(/known: .*checkout/);
  });

  it('runs the relay flow by its name, with the baseline at one connection', () => {
    const scenarios = selectScenarios(['relay']);
    const flows = selectFlows(['relay']);
    expect(scenarios.map((scenario) => scenario.name)).toEqual(['baseline']);
    expect(flows).toEqual([RELAY_FLOW]);
    expect(connectionCounts(null, scenarios, flows)).toEqual([1]);
  });

  it('measures a scenario without counts of its own at the defaults only, the baseline at every count', () => {
    expect(runsAt(named('health'), 64, null)).toBe(true);
    expect(runsAt(named('health'), 200, null)).toBe(false);
    expect(runsAt(named('health'), 200, [200])).toBe(true);
    expect(runsAt(named('baseline'), 200, null)).toBe(true);
    expect(runsAt(named('cart-hot-sku'), 64, null)).toBe(false);
  });

  it('adds to at most 5 lines a cart, spreading a pass over the carts across every SKU', () => {
    const carts = fixture(10, 10);
    const next = named('cart-add').requests?.(carts);
    if (!next) throw new Error('cart-add has no request source');
    const sent = Array.from({ length: 100 }, () => next());
    const skusOf = new Map<string, Set<string>>();
    for (const request of sent) {
      const variantId = (JSON.parse(request.body ?? '{}') as { variantId: string }).variantId;
      const skus = skusOf.get(request.path) ?? new Set<string>();
      skus.add(variantId);
      skusOf.set(request.path, skus);
      expect(request.headers['X-Cart-Token']).toMatch(/^t\d+$/);
    }
    expect(skusOf.size).toBe(10);
    for (const skus of skusOf.values()) expect(skus.size).toBe(5);
    const firstPass = new Set(sent.slice(0, 10).map((request) => request.body));
    expect(firstPass.size).toBe(10);
  });

  it('alternates each line between 2 and 1, so every change is one', () => {
    const next = named('cart-change').requests?.(fixture(2, 2));
    if (!next) throw new Error('cart-change has no request source');
    const quantities = Array.from({ length: 6 }, () => JSON.parse(next().body ?? '{}').quantity);
    expect(quantities).toEqual([2, 2, 1, 1, 2, 2]);
  });
});
