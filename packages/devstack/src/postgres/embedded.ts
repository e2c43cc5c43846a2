import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { ConnectionAffineQueryQueue } from './connection-affine-queue';

export interface EmbeddedPostgresOptions {
  /** Folder holding the database files; omit for a throwaway in-memory database. */
  dataDir?: string;
  port: number;
  host?: string;
}

export interface EmbeddedPostgres {
  url: string;
  stop(): Promise<void>;
}

// Each WebSocket the Worker opens becomes one socket here: one per in-flight request, plus the
// ones still closing. pglite-socket serves them all from one PGlite session, queueing
// statements, so a connection costs little and a high cap keeps a burst of requests from being
// refused (100 refused some at 64 concurrent requests). Transactions of concurrent clients do
// not isolate on one session, so concurrency tests also run against a real server.
const MAX_CONNECTIONS = 1000;

/**
 * Starts PGlite (PostgreSQL compiled to WebAssembly) behind a Postgres wire-protocol socket, so
 * the project's normal driver reaches it like any server. No install, no daemon.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const host = options.host ?? '127.0.0.1';
  if (options.dataDir) await mkdir(options.dataDir, { recursive: true });
  // Extensions the migrations create must be compiled in; PGlite ships them as loadable modules.
  const db = await PGlite.create({
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    extensions: { pg_trgm },
  });
  const server = new PGLiteSocketServer({ db, port: options.port, host, maxConnections: MAX_CONNECTIONS });
  replaceQueryQueue(server, new ConnectionAffineQueryQueue(db));
  try {
    await server.start();
  } catch (error) {
    await db.close();
    throw error;
  }
  return {
    url: `postgres://postgres@${host}:${options.port}/postgres`,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}

// pglite-socket (0.2.17, pinned) builds its queue in the constructor and hands it to each
// connection as it arrives, so swapping the field before start() puts ours behind every
// connection. The field is private: fail loudly if a new version renames it.
function replaceQueryQueue(server: PGLiteSocketServer, queue: ConnectionAffineQueryQueue): void {
  const internals = server as unknown as Record<string, unknown>;
  if (!('queryQueue' in internals)) {
    throw new Error(
      'pglite-socket changed: PGLiteSocketServer has no queryQueue to replace; see connection-affine-queue.ts',
    );
  }
  internals.queryQueue = queue;
}
