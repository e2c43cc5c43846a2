import { timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { BackendUnavailableError, type RedisBackend } from './backend';
import { embeddedBackend } from './embedded-store';
import { redisBackend } from './redis-backend';
import { encodeReply, type JsonReply, RedisReplyError } from './reply';

export interface UpstashRedisOptions {
  port: number;
  host?: string;
  /** The bearer token clients must send, as `UPSTASH_REDIS_REST_TOKEN`. */
  token: string;
  /** A real Redis to back the stand-in (`redis://…`); unset: the embedded in-memory store. */
  redisUrl?: string | undefined;
}

export interface UpstashRedis {
  /** The value for `UPSTASH_REDIS_REST_URL`. */
  url: string;
  token: string;
  backend: 'embedded' | 'redis';
  stop(): Promise<void>;
}

const MAX_BODY_BYTES = 10 * 1024 * 1024;

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * A local Upstash Redis: the REST protocol `@upstash/redis` speaks, so the Worker's real SDK
 * and cache code run unchanged. `POST /` takes one command as a JSON array, `POST /pipeline`
 * and `POST /multi-exec` an array of them; `GET /<command>/<arg>…` is the path form for curl.
 * Answers are `{ result }` or `{ error }` (400 for a command Redis refuses, 401 for a missing
 * or wrong token, 405 for another method), with every string base64-encoded except `OK` when
 * the client sends `Upstash-Encoding: base64`, as the SDK does by default.
 */
export async function startUpstashRedis(options: UpstashRedisOptions): Promise<UpstashRedis> {
  const host = options.host ?? '127.0.0.1';
  const backend = options.redisUrl ? await redisBackend(options.redisUrl) : embeddedBackend();
  const expected = Buffer.from(`Bearer ${options.token}`);
  const server = createServer((request, response) => {
    handle(request, response, backend, expected).catch((error: unknown) => {
      send(response, 500, { error: `stand-in failure: ${(error as Error).message}` });
    });
  });
  server.keepAliveTimeout = 60_000;
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ port: options.port, host }, resolve);
    });
  } catch (error) {
    await backend.close();
    throw error;
  }
  return {
    url: `http://${host}:${options.port}`,
    token: options.token,
    backend: backend.kind,
    async stop() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await backend.close();
    },
  };
}

async function handle(
  request: IncomingMessage,
  response: ServerResponse,
  backend: RedisBackend,
  expectedAuthorization: Buffer,
): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://stand-in');
  if (!authorised(request, url, expectedAuthorization)) {
    // Upstash checks the token before it looks at the request.
    send(response, 401, { error: 'Unauthorized' });
    return;
  }
  const base64 = String(request.headers['upstash-encoding'] ?? '').toLowerCase() === 'base64';
  try {
    const path = url.pathname.replace(/\/+$/, '');
    if (request.method === 'POST' && (path === '/pipeline' || path === '/multi-exec')) {
      const commands = parseCommands(await readJson(request));
      if (path === '/pipeline') {
        const results = [];
        // In order, one after another: Upstash guarantees the order, not atomicity.
        for (const args of commands) results.push(await settle(backend.command(args), base64));
        send(response, 200, results);
      } else {
        const replies = await backend.transaction(commands);
        send(
          response,
          200,
          replies.map((reply) =>
            reply instanceof RedisReplyError
              ? { error: reply.message }
              : { result: encodeReply(reply, base64) },
          ),
        );
      }
      return;
    }
    let args: string[];
    if (request.method === 'POST' && path === '') args = parseCommand(await readJson(request));
    else if ((request.method === 'GET' || request.method === 'HEAD') && path !== '') {
      args = path.slice(1).split('/').map(decodeURIComponent);
    } else {
      throw new HttpError(405, 'Method Not Allowed');
    }
    send(response, 200, { result: encodeReply(await backend.command(args), base64) });
  } catch (error) {
    if (error instanceof HttpError) send(response, error.status, { error: error.message });
    else if (error instanceof RedisReplyError) send(response, 400, { error: error.message });
    else if (error instanceof BackendUnavailableError) send(response, 503, { error: error.message });
    else throw error;
  }
}

async function settle(
  reply: ReturnType<RedisBackend['command']>,
  base64: boolean,
): Promise<{ result: JsonReply } | { error: string }> {
  try {
    return { result: encodeReply(await reply, base64) };
  } catch (error) {
    if (error instanceof RedisReplyError) return { error: error.message };
    throw error;
  }
}

function authorised(request: IncomingMessage, url: URL, expected: Buffer): boolean {
  const header = request.headers.authorization;
  // As Upstash: the header wins; `?_token=` is only looked at when there is none.
  const given = Buffer.from(
    header ?? (url.searchParams.has('_token') ? `Bearer ${url.searchParams.get('_token')}` : ''),
  );
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function parseCommand(body: unknown): string[] {
  if (!Array.isArray(body) || body.length === 0) {
    throw new HttpError(400, 'ERR a command must be a non-empty JSON array');
  }
  return body.map((arg: unknown) => {
    // The SDK sends numbers and booleans as JSON values; Redis sees their text.
    if (typeof arg === 'string') return arg;
    if (typeof arg === 'number' || typeof arg === 'boolean') return String(arg);
    throw new HttpError(400, 'ERR command arguments must be strings, numbers or booleans');
  });
}

function parseCommands(body: unknown): string[][] {
  if (!Array.isArray(body) || body.length === 0) {
    throw new HttpError(400, 'ERR a pipeline must be a non-empty JSON array of commands');
  }
  return body.map(parseCommand);
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, 'ERR request body too large');
    chunks.push(buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new HttpError(400, 'ERR failed to parse the request body as JSON');
  }
}

function send(response: ServerResponse, status: number, body: unknown): void {
  if (response.headersSent) return;
  const json = JSON.stringify(body);
  response.writeHead(status, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(json),
  });
  response.end(json);
}
