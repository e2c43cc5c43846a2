import type { Context } from 'hono';
import type { AppEnv } from '../env';

/**
 * The account a request body names (`email`), as a per-account bucket counts it: lower-cased.
 * Read before validation (buckets run first, so a flood costs no work); a body without one counts
 * under the empty name, and validation refuses it next.
 */
export async function namedAccount(c: Context<AppEnv>): Promise<string> {
  const body: unknown = await c.req.json().catch(() => undefined);
  const email = body instanceof Object ? (body as { email?: unknown }).email : undefined;
  return typeof email === 'string' ? email.trim().toLowerCase().slice(0, 254) : '';
}
