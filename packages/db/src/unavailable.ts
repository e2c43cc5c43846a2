// SQLSTATE classes that mean "the database cannot serve now", not "this query is wrong":
// 08 connection exception, 53 insufficient resources, 57P operator intervention (shutdown,
// starting up).
const UNAVAILABLE_SQLSTATE = /^(08|53|57P)/;
const SQLSTATE = /^[0-9A-Z]{5}$/;

// What the Neon driver (node-postgres inside) throws when the connection, not the query, fails.
const CONNECTION_FAILURE =
  /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Query read timeout|There was an error establishing an SSL connection|The server does not support SSL connections)/;

/**
 * Whether an error means the database could not be reached or cannot serve right now (a 503
 * for the client, worth retrying), as opposed to a query that failed on its merits (our bug, a
 * 500). Looks through drizzle's "Failed query" wrapper and every `cause` for the evidence: a
 * SQLSTATE, a driver connection error, or the WebSocket's error event.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 6 && typeof current === 'object' && current !== null; depth++) {
    const code: unknown = Reflect.get(current, 'code');
    if (typeof code === 'string' && SQLSTATE.test(code)) return UNAVAILABLE_SQLSTATE.test(code);
    // The socket to Neon's proxy (or the local bridge) failed: the driver rejects with the event.
    if (typeof Event !== 'undefined' && current instanceof Event) return true;
    const message: unknown = Reflect.get(current, 'message');
    if (typeof message === 'string' && CONNECTION_FAILURE.test(message)) return true;
    current = Reflect.get(current, 'cause');
  }
  return false;
}
