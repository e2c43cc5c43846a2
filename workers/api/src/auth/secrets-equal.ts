const encoder = new TextEncoder();

/**
 * Compares a presented secret with a configured one in time that depends on neither's content
 * nor length: both are hashed to 32 bytes first, then every byte is compared. Web Crypto only
 * (Workers' own `timingSafeEqual` is not standard), so the check runs on every host.
 */
export async function secretsEqual(presented: string, expected: string): Promise<boolean> {
  const [a, b] = await Promise.all([digest(presented), digest(expected)]);
  let difference = 0;
  for (let index = 0; index < a.length; index++) difference |= (a[index] ?? 0) ^ (b[index] ?? 0);
  return difference === 0;
}

async function digest(value: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(value)));
}
