import { createWorker } from './worker';

export { InventoryObject } from './inventory/inventory-object';

export default createWorker();
