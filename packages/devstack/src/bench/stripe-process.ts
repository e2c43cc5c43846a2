import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Cleanup } from './cleanup';

/** What the child reports once its server listens. */
export type StripeReadyMessage = { ready: true; url: string } | { error: string };

const ENTRY = fileURLToPath(new URL('./stripe-process-entry.ts', import.meta.url));

// Fixed, not made per run: order numbers are scrambled with it and the bench's database (with
// every earlier run's orders) is kept in .bench/, and the key must never change once orders exist.
const ORDER_NUMBER_KEY = 'bench-order-number-key';

/**
 * Starts the Stripe stand-in the checkout flow pays through, stopped by `cleanup`, and returns
 * the API's bindings that send its payments there. In a process of its own for the reason the
 * Upstash stand-in is (upstash-redis-process.ts): the embedded PGlite runs its queries
 * synchronously in this process and would hold Stripe's answers, which in production come from
 * elsewhere. No webhook is configured: with a card that needs no 3-D Secure the checkout call
 * confirms the payment and places the order itself.
 */
export async function startBenchPayments(port: number, cleanup: Cleanup): Promise<Record<string, string>> {
  // A test-mode key of this run's own; the stand-in takes only the key it was given.
  const secretKey = `sk_test_bench_${crypto.randomUUID().replace(/-/g, '')}`;
  // fork() reuses this process's execArgv, so the child runs TypeScript through tsx as we do.
  const child = fork(ENTRY, [JSON.stringify({ port, secretKey })], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  cleanup.add(
    () =>
      new Promise<void>((stopped) => {
        if (child.exitCode !== null || child.signalCode !== null) {
          stopped();
          return;
        }
        child.once('exit', () => stopped());
        child.kill('SIGTERM');
      }),
  );
  const url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the Stripe stand-in process exited (${code})`)));
    child.once('message', (message: StripeReadyMessage) => {
      if ('error' in message) reject(new Error(`the Stripe stand-in did not start: ${message.error}`));
      else resolve(message.url);
    });
  });
  child.removeAllListeners('exit');
  return { STRIPE_SECRET_KEY: secretKey, STRIPE_BASE_URL: url, ORDER_NUMBER_KEY };
}
