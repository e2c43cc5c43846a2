import { type StripeStandInOptions, startStripeStandIn } from '../stripe/server';
import type { StripeReadyMessage } from './stripe-process';

// The child side of startBenchPayments: serve until the bench stops us or goes away.
const options = JSON.parse(process.argv[2] ?? '{}') as StripeStandInOptions;
const report = (message: StripeReadyMessage) => process.send?.(message);
try {
  const server = await startStripeStandIn(options);
  const stop = () => void server.stop().finally(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('disconnect', stop);
  report({ ready: true, url: server.url });
} catch (error) {
  report({ error: error instanceof Error ? error.message : String(error) });
  process.exit(1);
}
