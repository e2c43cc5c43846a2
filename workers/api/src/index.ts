import { createWorker } from './worker';

export { CartObject } from './carts/cart-object';
export { InventoryObject } from './inventory/inventory-object';

export default createWorker();
