import { StripeApiError } from './errors';
import { type FormHash, type FormValue, listOf } from './form-body';

/** An answer kept under an idempotency key, replayed byte for byte. */
export interface RecordedAnswer {
  status: number;
  body: string;
  requestId: string;
}

interface Entry {
  route: string;
  params: string;
  answer: RecordedAnswer;
  at: number;
}

const KEY_LIFETIME_MS = 24 * 60 * 60 * 1000;
const MAX_KEY_LENGTH = 255;

/**
 * Stripe's idempotency keys: the first answer to a POST with an `Idempotency-Key` is kept for
 * 24 hours and replayed to a retry with the same parameters; the same key on another endpoint or
 * with other parameters is refused with an `idempotency_error`.
 */
export class IdempotencyKeys {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly now: () => number) {}

  /** The recorded answer for a retry; undefined on the key's first use (or once it expired). */
  replay(key: string, route: string, params: FormHash): RecordedAnswer | undefined {
    if (key.length > MAX_KEY_LENGTH)
      throw new StripeApiError(400, {
        message: `Idempotency-Key is too long: it may be at most ${MAX_KEY_LENGTH} characters.`,
      });
    this.forgetExpired();
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    const retry = `Try using a key other than '${key}' if you meant to execute a different request.`;
    if (entry.route !== route)
      throw new StripeApiError(400, {
        type: 'idempotency_error',
        message: `Keys for idempotent requests can only be used for the same endpoint they were first used for ('${entry.route}' vs '${route}'). ${retry}`,
      });
    if (entry.params !== canonical(params))
      throw new StripeApiError(400, {
        type: 'idempotency_error',
        message: `Keys for idempotent requests can only be used with the same parameters they were first used with. ${retry}`,
      });
    return entry.answer;
  }

  record(key: string, route: string, params: FormHash, answer: RecordedAnswer): void {
    this.entries.set(key, { route, params: canonical(params), answer, at: this.now() });
  }

  private forgetExpired(): void {
    const oldest = this.now() - KEY_LIFETIME_MS;
    for (const [key, entry] of this.entries) if (entry.at <= oldest) this.entries.delete(key);
  }
}

/** Parameters as a comparable text: hash keys sorted, `a[0]`/`a[]` lists alike. */
function canonical(value: FormValue): string {
  if (typeof value === 'string') return JSON.stringify(value);
  const list = Array.isArray(value) ? value : Object.keys(value).length > 0 ? listOf(value) : undefined;
  if (list) return `[${list.map(canonical).join(',')}]`;
  const hash = value as FormHash;
  return `{${Object.keys(hash)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${canonical(hash[key] as FormValue)}`)
    .join(',')}}`;
}
