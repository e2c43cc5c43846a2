import { createWorker } from './worker';

export default createWorker();
