import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

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

// Each WebSocket the Worker opens becomes one socket here. pglite-socket serves them all from
// one PGlite session, queueing statements: enough for development, but transactions of
// concurrent clients do not isolate, so concurrency tests also run against a real server.
const MAX_CONNECTIONS = 100;

/**
 * Starts PGlite (PostgreSQL compiled to WebAssembly) behind a Postgres wire-protocol socket, so
 * the project's normal driver reaches it like any server. No install, no daemon.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const host = options.host ?? '127.0.0.1';
  if (options.dataDir) await mkdir(options.dataDir, { recursive: true });
  const db = await PGlite.create(options.dataDir ? { dataDir: options.dataDir } : {});
  const server = new PGLiteSocketServer({ db, port: options.port, host, maxConnections: MAX_CONNECTIONS });
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
