import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { freePort } from '../ports';
import { type PostgresBridge, startPostgresBridge, targetOf } from './ws-bridge';

let bridge: PostgresBridge | undefined;
let upstream: Server | undefined;

afterEach(async () => {
  await bridge?.stop();
  await new Promise<void>((resolve) => (upstream ? upstream.close(() => resolve()) : resolve()));
  bridge = undefined;
  upstream = undefined;
});

// A TCP peer that answers every chunk with its upper-cased bytes: enough to see bytes cross.
async function startShoutingServer(): Promise<number> {
  const port = await freePort();
  upstream = createServer((socket) =>
    socket.on('data', (chunk) => socket.write(chunk.toString().toUpperCase())),
  );
  await new Promise<void>((resolve) => upstream?.listen(port, '127.0.0.1', resolve));
  return port;
}

function open(url: string): Promise<{ socket: WebSocket; closed: Promise<number> }> {
  const socket = new WebSocket(url);
  const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve({ socket, closed }));
    socket.once('error', reject);
  });
}

describe('Postgres WebSocket bridge', () => {
  it('passes bytes both ways between the WebSocket and the allowed TCP target', async () => {
    const targetPort = await startShoutingServer();
    bridge = await startPostgresBridge({
      port: await freePort(),
      allowedTargets: [`127.0.0.1:${targetPort}`],
    });

    const { socket } = await open(`ws://${bridge.proxy}?address=127.0.0.1:${targetPort}`);
    const reply = new Promise<string>((resolve) => socket.once('message', (data) => resolve(String(data))));
    socket.send(Buffer.from('startup'));
    expect(await reply).toBe('STARTUP');
    socket.close();
  });

  it('refuses a target that is not allowed, so it is no open relay', async () => {
    const targetPort = await startShoutingServer();
    bridge = await startPostgresBridge({ port: await freePort(), allowedTargets: ['127.0.0.1:5432'] });

    const { closed } = await open(`ws://${bridge.proxy}?address=127.0.0.1:${targetPort}`);
    expect(await closed).toBe(1008);
  });

  it('closes the WebSocket promptly when the database refuses the connection', async () => {
    const deadPort = await freePort();
    bridge = await startPostgresBridge({ port: await freePort(), allowedTargets: [`127.0.0.1:${deadPort}`] });

    const { closed } = await open(`ws://${bridge.proxy}?address=127.0.0.1:${deadPort}`);
    expect(await closed).toBe(1011);
  });

  it('hangs up on the database after the client sends Terminate', async () => {
    const targetPort = await freePort();
    const ended = new Promise<void>((resolve) => {
      upstream = createServer((socket) => socket.on('end', () => resolve()).resume());
    });
    await new Promise<void>((resolve) => upstream?.listen(targetPort, '127.0.0.1', resolve));
    bridge = await startPostgresBridge({
      port: await freePort(),
      allowedTargets: [`127.0.0.1:${targetPort}`],
    });

    const { socket, closed } = await open(`ws://${bridge.proxy}?address=127.0.0.1:${targetPort}`);
    socket.send(Buffer.from([0x58, 0, 0, 0, 4]));
    await ended;
    // The server side then closes, and the WebSocket with it, as with a real PostgreSQL.
    expect(await closed).toBe(1005);
  });

  it('reads host:port from connection strings, defaulting the port', () => {
    expect(targetOf('postgres://u:p@db.example:6543/app')).toBe('db.example:6543');
    expect(targetOf('postgresql://u@localhost/app')).toBe('localhost:5432');
  });
});
