import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { assertPortFree, freePort, PortInUseError, portFromEnv } from './ports';

describe('ports', () => {
  it('names the role and the variable that moves it when a port is taken', async () => {
    const port = await freePort();
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(port, '127.0.0.1', resolve));
    try {
      const failure = assertPortFree(port, 'API Worker', 'PORT');
      await expect(failure).rejects.toBeInstanceOf(PortInUseError);
      await expect(failure).rejects.toThrow(`Port ${port} (API Worker) is already in use`);
      await expect(failure).rejects.toThrow('PORT=<port>');
    } finally {
      await new Promise<void>((resolve) => holder.close(() => resolve()));
    }
    await expect(assertPortFree(port, 'API Worker', 'PORT')).resolves.toBeUndefined();
  });

  it('rejects a port variable that is not a port', () => {
    process.env.TEST_PORT_VARIABLE = '80a';
    try {
      expect(() => portFromEnv('TEST_PORT_VARIABLE', 1)).toThrow('TEST_PORT_VARIABLE=80a is not a TCP port');
    } finally {
      delete process.env.TEST_PORT_VARIABLE;
    }
    expect(portFromEnv('TEST_PORT_VARIABLE', 1234)).toBe(1234);
  });
});
