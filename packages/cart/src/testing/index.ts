export { type CartHarness, describeCartLedger, type RunWithCart } from './cart-contract';
export { TestCatalog } from './test-catalog';
