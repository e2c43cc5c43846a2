import { hashPassword, PASSWORD_COST, verifyPassword } from '@edge-commerce/domain';

/**
 * What the password KDF alone costs, in ms: the median of a few checks of a password against its
 * Argon2id hash at the API's cost, run here (the same JavaScript on the same V8 as workerd). A
 * Worker cannot time its own CPU (its clock stands still between I/O), so login's share of it is
 * this over login's p50.
 */
export async function kdfMilliseconds(samples = 7): Promise<number> {
  const password = 'a bench passphrase, long enough';
  const stored = await hashPassword(password, PASSWORD_COST);
  const times: number[] = [];
  for (let sample = 0; sample < samples; sample++) {
    const started = performance.now();
    await verifyPassword(password, stored);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] ?? Number.NaN;
}
