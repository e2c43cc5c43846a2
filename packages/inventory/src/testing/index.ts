export { describeInventoryLedger, type LedgerHarness, type RunWithLedger } from './ledger-contract';
export { ManualClock } from './manual-clock';
