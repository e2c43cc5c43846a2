import { connect, type Socket } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';

export interface PostgresBridgeOptions {
  port: number;
  host?: string;
  /** `host:port` pairs the bridge may connect to; anything else is refused. */
  allowedTargets: string[];
}

export interface PostgresBridge {
  /** The value for `DATABASE_WS_PROXY`: `host:port/v1`. */
  proxy: string;
  stop(): Promise<void>;
}

/**
 * Stands in for Neon's WebSocket proxy: each WebSocket at `/v1?address=host:port` becomes a TCP
 * connection to that Postgres, bytes passed through untouched. The driver in the Worker then
 * runs exactly the code it runs against Neon. It only dials the allowed targets, so it is not
 * an open relay even if something else on the machine finds it.
 */
export async function startPostgresBridge(options: PostgresBridgeOptions): Promise<PostgresBridge> {
  const host = options.host ?? '127.0.0.1';
  const allowed = new Set(options.allowedTargets.map(normaliseTarget));
  const server = new WebSocketServer({ host, port: options.port, path: '/v1' });
  server.on('connection', (socket, request) => {
    const url = new URL(request.url ?? '/', 'ws://bridge');
    const target = normaliseTarget(url.searchParams.get('address') ?? '');
    if (!allowed.has(target)) {
      socket.close(1008, `target ${target || '(none)'} is not allowed`);
      return;
    }
    const [targetHost = '', targetPort = ''] = splitTarget(target);
    pipe(socket, connect({ host: targetHost, port: Number(targetPort) }));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  return {
    proxy: `${host}:${options.port}/v1`,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const client of server.clients) client.terminate();
        server.close(() => resolve());
      }),
  };
}

/** The frontend Terminate message: type 'X', length 4, no body. */
const TERMINATE = Buffer.from([0x58, 0, 0, 0, 4]);

function pipe(socket: WebSocket, tcp: Socket): void {
  // Bytes the driver sends before the TCP connection is up are queued by the socket itself.
  tcp.setNoDelay(true);
  socket.on('message', (data: Buffer | ArrayBuffer | Buffer[]) => {
    const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
    tcp.write(bytes);
    // The Neon driver (1.2) sends Terminate on `end()` but never closes its WebSocket: it relies
    // on the server hanging up, as PostgreSQL and Neon's proxy do. pglite-socket does not, so
    // without this every connection would stay open until its connection cap is reached.
    if (bytes.equals(TERMINATE)) tcp.end();
  });
  tcp.on('data', (chunk) => socket.send(chunk));
  // A refused or dropped database must reach the driver as a closed socket, promptly.
  tcp.on('error', () => socket.close(1011, 'database connection failed'));
  tcp.on('close', () => socket.close());
  socket.on('close', () => tcp.destroy());
  socket.on('error', () => tcp.destroy());
}

function normaliseTarget(target: string): string {
  return target
    .trim()
    .toLowerCase()
    .replace(/^localhost:/, '127.0.0.1:');
}

function splitTarget(target: string): [string, string] {
  const colon = target.lastIndexOf(':');
  return [target.slice(0, colon), target.slice(colon + 1)];
}

/** `postgres://user@host:port/db` → `host:port`, the form the driver puts in `address`. */
export function targetOf(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  return `${url.hostname}:${url.port || '5432'}`;
}
