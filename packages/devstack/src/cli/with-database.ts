import { readLocalStackConfig, redactUrl } from '../local-config';
import { freePort } from '../ports';
import type { DatabaseTarget } from '../postgres/connect';
import { startDatabaseStack } from '../stack';

const isLocal = (url: string) => ['localhost', '127.0.0.1', '::1', '[::1]'].includes(new URL(url).hostname);

/**
 * Runs a maintenance task against the configured database: a remote (Neon) URL directly, a
 * local server or the embedded database through a short-lived bridge.
 */
export async function withDatabase(
  task: string,
  work: (target: DatabaseTarget) => Promise<void>,
): Promise<void> {
  const config = readLocalStackConfig();
  if (config.databaseUrl && !isLocal(config.databaseUrl)) {
    console.log(`[${task}] ${redactUrl(config.databaseUrl)}`);
    await work({ url: config.databaseUrl });
    return;
  }
  const stack = await startDatabaseStack({
    databaseUrl: config.databaseUrl,
    embeddedDataDir: config.embeddedDataDir,
    embeddedPort: await freePort(),
    bridgePort: await freePort(),
  });
  console.log(
    `[${task}] ${stack.kind === 'embedded' ? `embedded database in ${config.embeddedDataDir}` : redactUrl(stack.databaseUrl)}`,
  );
  try {
    await work({ url: stack.databaseUrl, wsProxy: stack.wsProxy });
  } finally {
    await stack.stop();
  }
}
