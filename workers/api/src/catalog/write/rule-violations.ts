import type { FieldError } from '../../errors/problem';
import { ApiError } from '../../errors/problem';

/**
 * Collects every broken rule of a request before answering, so the client learns all of them
 * at once (`products[3].variants[0].sku: …`), not one per attempt.
 */
export class RuleViolations {
  readonly errors: FieldError[] = [];

  add(path: string, message: string): void {
    this.errors.push({ path, message });
  }

  get empty(): boolean {
    return this.errors.length === 0;
  }

  /** Throws `batch_rejected` (PIM batches) or `rule_violated` (admin writes) if anything broke. */
  throwIfAny(code: 'batch_rejected' | 'rule_violated', what: string): void {
    if (this.empty) return;
    const count = this.errors.length;
    const detail =
      code === 'batch_rejected'
        ? `${count} rule violation${count === 1 ? '' : 's'} in the ${what}; nothing was applied.`
        : `The ${what} breaks ${count} rule${count === 1 ? '' : 's'}; nothing was changed.`;
    throw new ApiError(code, detail, { errors: this.errors });
  }
}
