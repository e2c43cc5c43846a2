import { createServer } from 'node:net';

/** Thrown when a port the stack needs is taken; the message says what to do about it. */
export class PortInUseError extends Error {
  override readonly name = 'PortInUseError';
  constructor(
    readonly port: number,
    readonly role: string,
    readonly envVar: string,
  ) {
    super(
      `Port ${port} (${role}) is already in use on 127.0.0.1. Stop whatever holds it ` +
        `(is another \`npm start\` running? try \`lsof -i :${port}\`), or choose another port with ${envVar}=<port>.`,
    );
  }
}

/** Fails with a PortInUseError naming the role and the variable that moves it. */
export async function assertPortFree(port: number, role: string, envVar: string): Promise<void> {
  const free = await new Promise<boolean>((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen({ port, host: '127.0.0.1', exclusive: true }, () => probe.close(() => resolve(true)));
  });
  if (!free) throw new PortInUseError(port, role, envVar);
}

/** A port the OS reports free right now (for tests and benchmarks that must not collide). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen({ port: 0, host: '127.0.0.1' }, () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/** Reads a port from the environment, with a clear error for anything that is not one. */
export function portFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65_535) {
    throw new Error(`${name}=${raw} is not a TCP port (1-65535).`);
  }
  return port;
}
