import type { TestModeAccount } from './account';
import { StripeApiError } from './errors';

/** Fields that hold the id of another object, which `expand[]` may replace with the object. */
const EXPANDABLE = new Set(['latest_charge', 'payment_method', 'payment_intent', 'charge']);
const MAX_DEPTH = 4;

/**
 * A copy of `object` with each `expand[]` path (`latest_charge`, `latest_charge.payment_method`,
 * `data.charge` on a list) turned from an id into the object, as Stripe answers. Stored objects
 * are never changed.
 */
export function expanded(account: TestModeAccount, object: object, paths: readonly string[]): unknown {
  const copy = structuredClone(object) as Record<string, unknown>;
  for (const path of paths) {
    const segments = path.split('.');
    if (segments.length > MAX_DEPTH)
      throw new StripeApiError(400, {
        message: `You cannot expand more than ${MAX_DEPTH} levels of a property. Property: ${path}`,
        param: 'expand',
      });
    expandPath(account, copy, segments, path);
  }
  return copy;
}

function expandPath(
  account: TestModeAccount,
  target: Record<string, unknown>,
  segments: string[],
  path: string,
): void {
  const [field, ...rest] = segments;
  if (field === undefined) return;
  if (field === 'data' && target.object === 'list' && Array.isArray(target.data)) {
    for (const item of target.data) expandPath(account, item as Record<string, unknown>, rest, path);
    return;
  }
  const value = target[field];
  if (value === null) return;
  if (typeof value === 'string' && EXPANDABLE.has(field)) {
    const found = account.objectById(value);
    if (!found) return;
    target[field] = structuredClone(found);
  } else if (typeof value !== 'object' || value === undefined) {
    throw new StripeApiError(400, {
      message: `This property cannot be expanded (${path}).`,
      param: 'expand',
    });
  }
  if (rest.length > 0) expandPath(account, target[field] as Record<string, unknown>, rest, path);
}
