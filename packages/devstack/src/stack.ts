import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type EmbeddedPostgres, startEmbeddedPostgres } from './postgres/embedded';
import { type PostgresBridge, startPostgresBridge, targetOf } from './postgres/ws-bridge';

export const REPOSITORY_ROOT = fileURLToPath(new URL('../../..', import.meta.url));
/** Where `npm start` keeps the embedded database; git-ignored, deleted by `npm run db:reset`. */
export const EMBEDDED_DATA_DIR = join(REPOSITORY_ROOT, '.data', 'pglite');

export interface DatabaseStackOptions {
  /** A real PostgreSQL to use instead of the embedded one. */
  databaseUrl?: string | undefined;
  /** For the embedded database: a folder to persist into, or 'memory'. */
  embeddedDataDir: string | 'memory';
  embeddedPort: number;
  bridgePort: number;
}

export interface DatabaseStack {
  /** The connection string the Worker gets as `DATABASE_URL`. */
  databaseUrl: string;
  /** The bridge the Worker gets as `DATABASE_WS_PROXY`. */
  wsProxy: string;
  /** 'embedded' (PGlite) or 'external' (the server `DATABASE_URL` named). */
  kind: 'embedded' | 'external';
  stop(): Promise<void>;
}

/**
 * Brings up the database side of the local stack: the embedded Postgres unless a URL is given,
 * and the WebSocket bridge the Worker's driver connects through.
 */
export async function startDatabaseStack(options: DatabaseStackOptions): Promise<DatabaseStack> {
  let embedded: EmbeddedPostgres | undefined;
  if (!options.databaseUrl) {
    embedded = await startEmbeddedPostgres({
      ...(options.embeddedDataDir === 'memory' ? {} : { dataDir: options.embeddedDataDir }),
      port: options.embeddedPort,
    });
  }
  const databaseUrl = options.databaseUrl ?? embedded?.url ?? '';
  let bridge: PostgresBridge;
  try {
    bridge = await startPostgresBridge({ port: options.bridgePort, allowedTargets: [targetOf(databaseUrl)] });
  } catch (error) {
    await embedded?.stop();
    throw error;
  }
  return {
    databaseUrl,
    wsProxy: bridge.proxy,
    kind: embedded ? 'embedded' : 'external',
    async stop() {
      await bridge.stop();
      await embedded?.stop();
    },
  };
}
