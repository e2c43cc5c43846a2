import { sqlState } from './queries/catalog-writes/retry';

/**
 * Whether Postgres refused a value the query carried (SQLSTATE class 22, "data exception": a
 * NUL in text, a date out of range, an invalid number). The client sent something the input
 * boundary should have refused: a 400 for them, and a defect for us to fix at the boundary.
 */
export function isDataException(error: unknown): boolean {
  return sqlState(error)?.startsWith('22') ?? false;
}
