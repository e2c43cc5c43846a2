import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client, Receiver } from '@upstash/qstash';
import { afterEach } from 'vitest';
import { type QStashStandIn, type QStashStandInOptions, startQStashStandIn } from './server';

// Test support only (it imports the `@upstash/qstash` SDK, a devDependency): not exported by the package.

/** The real SDK pointed at the stand-in, as the shop's code will configure it locally. */
export function qstashFor(standIn: QStashStandIn, token = standIn.token): Client {
  // retry: false, so each call shows the stand-in's answer as it was (the SDK retries network errors).
  return new Client({ token, baseUrl: standIn.url, retry: false });
}

export interface ReceivedDelivery {
  method: string;
  /** The URL the delivery was sent to, as the destination sees it (what the signature must name). */
  url: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  messageId: string;
  retried: number;
  at: number;
}

/** How a destination answers one delivery: a status, or a status with a body, headers and a delay. */
export type DestinationAnswer =
  | number
  | { status: number; body?: string; headers?: Record<string, string>; delayMs?: number };

export interface Destination {
  /** Its base URL; any path under it takes deliveries. */
  url: string;
  /** Deliveries whose signature the real Receiver verified, in the order they arrived. */
  received: ReceivedDelivery[];
  /** Why each refused delivery was refused. */
  refused: string[];
  /** The most deliveries it was answering at once. */
  maxConcurrent: number;
  stop(): Promise<void>;
}

/**
 * A QStash consumer as the shop's will be: it reads the raw body, verifies the `Upstash-Signature`
 * with the SDK's `Receiver` (current then next key, subject = the URL it was called on) and answers
 * 401 when that throws. `answer` picks the answer to each verified delivery (default 200).
 */
export async function startDestination(
  keys: { currentSigningKey: string; nextSigningKey: string },
  answer: (delivery: ReceivedDelivery, index: number) => DestinationAnswer = () => 200,
): Promise<Destination> {
  const receiver = new Receiver({ ...keys, devMode: false });
  const received: ReceivedDelivery[] = [];
  const refused: string[] = [];
  let concurrent = 0;
  const destination: Destination = {
    url: '',
    received,
    refused,
    maxConcurrent: 0,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
  const server = createServer(async (request, response) => {
    concurrent++;
    destination.maxConcurrent = Math.max(destination.maxConcurrent, concurrent);
    try {
      const chunks: Buffer[] = [];
      for await (const chunk of request) chunks.push(chunk as Buffer);
      const body = Buffer.concat(chunks).toString('utf8');
      const url = `${destination.url}${request.url ?? '/'}`;
      try {
        await receiver.verify({ signature: String(request.headers['upstash-signature'] ?? ''), body, url });
      } catch (error) {
        refused.push((error as Error).message);
        response.writeHead(401).end();
        return;
      }
      const delivery: ReceivedDelivery = {
        method: request.method ?? '',
        url,
        path: request.url ?? '/',
        headers: request.headers,
        body,
        messageId: String(request.headers['upstash-message-id'] ?? ''),
        retried: Number(request.headers['upstash-retried']),
        at: Date.now(),
      };
      received.push(delivery);
      const given = answer(delivery, received.length - 1);
      const reply = typeof given === 'number' ? { status: given } : given;
      if (reply.delayMs) await new Promise((resolve) => setTimeout(resolve, reply.delayMs));
      response.writeHead(reply.status, reply.headers).end(reply.body);
    } finally {
      concurrent--;
    }
  });
  await new Promise<void>((resolve) => server.listen({ port: 0, host: '127.0.0.1' }, resolve));
  destination.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return destination;
}

/** The error a call throws, for asserting on it (fails the test if it does not throw). */
export async function thrownBy(call: Promise<unknown>): Promise<Error & { status?: number }> {
  try {
    await call;
  } catch (error) {
    return error as Error & { status?: number };
  }
  throw new Error('expected the call to throw');
}

const running: { stop(): Promise<void> }[] = [];
let stopsRegistered = false;

/**
 * A stand-in and a destination answering as `answer` says, both stopped after the test. The
 * file's first call registers the afterEach that stops them.
 */
export async function standInWithDestination(
  options: QStashStandInOptions,
  answer?: (delivery: ReceivedDelivery, index: number) => DestinationAnswer,
): Promise<{ standIn: QStashStandIn; destination: Destination }> {
  if (!stopsRegistered) {
    stopsRegistered = true;
    afterEach(async () => {
      for (const each of running.splice(0).reverse()) await each.stop();
    });
  }
  const standIn = await startQStashStandIn(options);
  running.push(standIn);
  const destination = await startDestination(standIn, answer);
  running.push(destination);
  return { standIn, destination };
}
