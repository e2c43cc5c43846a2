export { type InventoryLevel, type LevelOutcome, upsertInventoryLevels } from './levels';
