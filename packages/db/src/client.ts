import { neonConfig, Pool } from '@neondatabase/serverless';
import { drizzle, type NeonDatabase } from 'drizzle-orm/neon-serverless';

/**
 * The query builder, without drizzle's relational query API (`db.query.…`), which nothing here
 * uses: given the schema, drizzle walks every table's columns, indexes and checks to build that
 * API each time a database is created, which is once per request (a tenth of the CPU of a
 * request that reads Postgres, measured with `npm run bench -- --profile`).
 */
export type Database = NeonDatabase;

export interface DatabaseOptions {
  /** A `postgres://` connection string. */
  url: string;
  /**
   * Local development only: `host:port/path` of a WebSocket-to-TCP bridge that stands in for
   * Neon's WebSocket proxy. Unset in production, where the driver talks to Neon directly.
   */
  localWebSocketProxy?: string | undefined;
  /** For hosts without a global `WebSocket` (Node 20); Workers, Deno, Bun and Node 22 have one. */
  webSocketConstructor?: typeof neonConfig.webSocketConstructor;
  /** Give up on a connection attempt after this long, so a dead database fails fast. */
  connectTimeoutMs?: number;
}

export interface DatabaseHandle {
  db: Database;
  /**
   * SQL statements sent so far through `db`: each is one round trip to Postgres. A transaction
   * adds its BEGIN and COMMIT to the statements inside it.
   */
  statementCount(): number;
  /** Ends every connection of the pool; call it once the request's work is done. */
  close(): Promise<void>;
}

/**
 * Opens a pool of Postgres connections over WebSockets (the Neon serverless driver) and wraps
 * it in drizzle. Create one per request: Workers forbid sharing I/O objects between requests.
 */
export function createDatabase(options: DatabaseOptions): DatabaseHandle {
  configureDriver(options);
  const pool = new Pool({
    connectionString: options.url,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 5_000,
  });
  // An idle client that loses its socket emits 'error' on the pool; without a listener that
  // would be an uncaught exception in the host. The failed query itself still rejects.
  pool.on('error', () => {});
  let statements = 0;
  const countStatement = { logQuery: () => void statements++ };
  return {
    db: drizzle({ client: pool, casing: 'snake_case', logger: countStatement }),
    statementCount: () => statements,
    close: () => pool.end(),
  };
}

function configureDriver(options: DatabaseOptions): void {
  if (options.webSocketConstructor) neonConfig.webSocketConstructor = options.webSocketConstructor;
  const proxy = options.localWebSocketProxy;
  if (!proxy) return;
  // The local bridge speaks plain ws:// to a plain Postgres: no TLS inside the socket, and no
  // pipelined start-up (it assumes Neon's cleartext password exchange, which a local trust-auth
  // server does not send).
  neonConfig.wsProxy = (host, port) => `${proxy}?address=${host}:${port}`;
  neonConfig.useSecureWebSocket = false;
  neonConfig.pipelineTLS = false;
  neonConfig.pipelineConnect = false;
}
