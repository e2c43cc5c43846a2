import { RuleViolations } from '../../catalog/write/rule-violations';
import type { WmsLevel } from './level-batch-schema';

/**
 * A batch names each (SKU, location) once: two levels for one place in one message leave it
 * unclear which the WMS meant, and the set-based upsert could not write both. 422
 * `batch_rejected` listing every repeat; nothing is applied.
 */
export function checkLevelBatch(levels: readonly WmsLevel[]): void {
  const violations = new RuleViolations();
  const places = new Map<string, number>();
  levels.forEach((level, index) => {
    const place = JSON.stringify([level.sku, level.location]);
    const first = places.get(place);
    if (first === undefined) places.set(place, index);
    else violations.add(`levels[${index}]`, `repeats the sku and location of levels[${first}]`);
  });
  violations.throwIfAny('batch_rejected', 'level batch');
}
