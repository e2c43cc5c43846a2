import type { Client } from '@upstash/qstash';
import type { Config } from '../config';

// Loaded on the first publish, as the Receiver is (auth/qstash-signature.ts): the SDK is the
// Worker's largest module and most requests publish nothing. One client per token and base URL;
// it holds only its configuration.
const clients = new Map<string, Client>();

/** The QStash SDK client for this configuration; undefined when no QSTASH_TOKEN is set. */
export async function qstashClientFor(config: Config): Promise<Client | undefined> {
  const token = config.QSTASH_TOKEN;
  if (token === undefined) return undefined;
  const key = `${config.QSTASH_URL ?? ''}|${token}`;
  let client = clients.get(key);
  if (!client) {
    const { Client: QStash } = await import('@upstash/qstash');
    client = new QStash({
      token,
      ...(config.QSTASH_URL ? { baseUrl: config.QSTASH_URL.replace(/\/$/, '') } : {}),
      // Never the SDK's own development server (QSTASH_DEV in a Node host's environment).
      devMode: false,
      enableTelemetry: false,
      // A failed publish is the relay's to retry (the next kick or the cron), not the request's.
      retry: { retries: 1, backoff: () => 100 },
    });
    clients.set(key, client);
  }
  return client;
}
