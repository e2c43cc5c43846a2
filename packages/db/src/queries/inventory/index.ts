export { type InventoryLevel, type LevelOutcome, upsertInventoryLevels } from './levels';
export { type RecordedStock, readRecordedStock } from './stock-record';
