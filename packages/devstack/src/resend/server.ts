import { timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { type CapturedEmail, Mailbox, ResendError } from './mailbox';
import { mailboxPage } from './page';

export interface ResendStandInOptions {
  port: number;
  host?: string;
  /** The key clients must send as `Authorization: Bearer`, as `RESEND_API_KEY`. */
  apiKey: string;
}

export interface ResendStandIn {
  /** The value for `RESEND_BASE_URL`. */
  url: string;
  apiKey: string;
  /** Everything sent so far, oldest first. */
  emails(): readonly CapturedEmail[];
  stop(): Promise<void>;
}

const MAX_BODY_BYTES = 40 * 1024 * 1024;

/**
 * A local Resend: the part of its HTTP API the `resend` SDK uses to send (`POST /emails` with
 * `Idempotency-Key`, `GET /emails/{id}`, `GET /emails`), with Resend's authentication, validation
 * and error bodies, so the Worker's real SDK and sending code run unchanged. Nothing is delivered:
 * `GET /` is a page of what was sent and `GET /sent?to=` the same as JSON (no key needed, local only).
 */
export async function startResendStandIn(options: ResendStandInOptions): Promise<ResendStandIn> {
  const host = options.host ?? '127.0.0.1';
  const mailbox = new Mailbox();
  const expected = Buffer.from(`Bearer ${options.apiKey}`);
  const server = createServer((request, response) => {
    handle(request, response, mailbox, expected).catch((error: unknown) => {
      const failure =
        error instanceof ResendError
          ? error
          : new ResendError(500, 'application_error', `stand-in failure: ${(error as Error).message}`);
      json(response, failure.statusCode, failure.body());
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port: options.port, host }, resolve);
  });
  return {
    url: `http://${host}:${options.port}`,
    apiKey: options.apiKey,
    emails: () => mailbox.emails,
    async stop() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

async function handle(
  request: IncomingMessage,
  response: ServerResponse,
  mailbox: Mailbox,
  expected: Buffer,
): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://stand-in');
  const path = url.pathname.replace(/\/+$/, '') || '/';
  if (request.method === 'GET' && path === '/') {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(mailboxPage(mailbox.emails));
    return;
  }
  if (request.method === 'GET' && path === '/sent') {
    const to = url.searchParams.get('to')?.toLowerCase();
    json(response, 200, {
      data: mailbox.emails.filter(
        (email) => !to || email.to.some((entry) => entry.toLowerCase().includes(to)),
      ),
    });
    return;
  }
  const htmlPart = /^\/emails\/([\w-]+)\/html$/.exec(path);
  if (request.method === 'GET' && htmlPart) {
    const email = mailbox.find(htmlPart[1] ?? '');
    if (!email) throw new ResendError(404, 'not_found', 'Email not found');
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(email.html ?? '');
    return;
  }

  authenticate(request, expected);
  if (path === '/emails' && request.method === 'POST') {
    const key = request.headers['idempotency-key'];
    json(response, 200, mailbox.send(await readJson(request), Array.isArray(key) ? key[0] : key));
    return;
  }
  if (path === '/emails' && request.method === 'GET') {
    const limit = Math.min(100, Math.max(1, Number(url.searchParams.get('limit') ?? 20) || 20));
    const newest = [...mailbox.emails].reverse();
    json(response, 200, { object: 'list', has_more: newest.length > limit, data: newest.slice(0, limit) });
    return;
  }
  const one = /^\/emails\/([\w-]+)$/.exec(path);
  if (one && request.method === 'GET') {
    const email = mailbox.find(one[1] ?? '');
    if (!email) throw new ResendError(404, 'not_found', 'Email not found');
    json(response, 200, email);
    return;
  }
  if (path === '/emails' || one) throw new ResendError(405, 'method_not_allowed', 'Method is not allowed.');
  throw new ResendError(404, 'not_found', 'The requested endpoint does not exist.');
}

function authenticate(request: IncomingMessage, expected: Buffer): void {
  const header = request.headers.authorization;
  if (!header) throw new ResendError(401, 'missing_api_key', 'Missing API key in the authorization header.');
  const given = Buffer.from(header);
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    throw new ResendError(403, 'invalid_api_key', 'API key is invalid');
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES)
      throw new ResendError(413, 'validation_error', 'The request body is too large.');
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new ResendError(422, 'validation_error', 'The body is not valid JSON.');
  }
}

function json(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}
