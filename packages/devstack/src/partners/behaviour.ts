/**
 * How a partner misbehaves, set by tests and by hand: failing some deliveries (QStash retries
 * them), answering slowly. Every field is optional; `{}` is a healthy partner.
 */
export interface PartnerBehaviour {
  /** The next this-many deliveries fail with 503, then the partner recovers. */
  failNext?: number;
  /** Each delivery fails with 503 with this probability (0 to 1), e.g. 0.3 for the chaos proof. */
  failRate?: number;
  /** Fail every delivery until told otherwise: a partner that is down. */
  down?: boolean;
  /** Milliseconds to wait before answering. */
  delayMs?: number;
}

export function isValidBehaviour(value: unknown): value is PartnerBehaviour {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const { failNext, failRate, down, delayMs, ...rest } = value as Record<string, unknown>;
  const wholeOrAbsent = (n: unknown) => n === undefined || (Number.isInteger(n) && (n as number) >= 0);
  return (
    Object.keys(rest).length === 0 &&
    wholeOrAbsent(failNext) &&
    wholeOrAbsent(delayMs) &&
    (failRate === undefined || (typeof failRate === 'number' && failRate >= 0 && failRate <= 1)) &&
    (down === undefined || typeof down === 'boolean')
  );
}

/** Whether this delivery fails, consuming one of `failNext`. */
export function failsThisTime(behaviour: PartnerBehaviour, random: () => number): boolean {
  if (behaviour.down) return true;
  if ((behaviour.failNext ?? 0) > 0) {
    behaviour.failNext = (behaviour.failNext ?? 0) - 1;
    return true;
  }
  return behaviour.failRate !== undefined && random() < behaviour.failRate;
}
