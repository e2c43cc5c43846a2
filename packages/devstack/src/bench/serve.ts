import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

export interface ServeOptions {
  binary: string;
  configPath: string;
  /** Where workerd's stdout and stderr go; read back when it fails. */
  logPath: string;
  /** URLs that must answer (any status) before the benchmark may start. */
  readyUrls: string[];
  timeoutMs?: number;
  /** `--experimental`: for features workerd ships behind it (a service binding's scheduled()). */
  experimental?: boolean;
  /** `host:port` for workerd's inspector (DevTools protocol), to profile its isolates. */
  inspectorAddress?: string;
}

export interface ServedWorkerd {
  pid: number | undefined;
  stop(): Promise<void>;
}

function tail(path: string, lines = 30): string {
  try {
    return readFileSync(path, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/**
 * Runs `workerd serve` on a capnp config. Its output goes straight to a file, not through this
 * process: piping it would spend the benchmark's own CPU on the runtime's logs.
 */
export async function serveWorkerd(options: ServeOptions): Promise<ServedWorkerd> {
  const log = openSync(options.logPath, 'w');
  const args = [
    'serve',
    ...(options.experimental ? ['--experimental'] : []),
    ...(options.inspectorAddress ? [`--inspector-addr=${options.inspectorAddress}`] : []),
    options.configPath,
  ];
  const child = spawn(options.binary, args, { stdio: ['ignore', log, log] });
  closeSync(log);

  let exited: string | undefined;
  const exit = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      exited = signal ? `signal ${signal}` : `code ${code}`;
      resolve();
    });
    child.once('error', (error) => {
      exited = error.message;
      resolve();
    });
  });
  // Last resort if the process ends without running the orderly stop (an uncaught error, exit()).
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);

  const stop = async () => {
    process.off('exit', killOnExit);
    if (exited !== undefined) return;
    child.kill('SIGTERM');
    const killed = await Promise.race([exit.then(() => true), sleep(3_000).then(() => false)]);
    if (!killed) {
      child.kill('SIGKILL');
      await exit;
    }
  };

  const deadline = Date.now() + (options.timeoutMs ?? 20_000);
  const pending = new Set(options.readyUrls);
  while (pending.size > 0) {
    if (exited !== undefined) {
      await stop();
      throw new Error(`workerd exited (${exited}) before answering. Its log:\n${tail(options.logPath)}`);
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(
        `workerd did not answer on ${[...pending].join(', ')} in time. Its log:\n${tail(options.logPath)}`,
      );
    }
    for (const url of [...pending]) {
      try {
        const response = await fetch(url, { signal: AbortSignal.timeout(1_000) });
        await response.body?.cancel();
        pending.delete(url);
      } catch {
        // Not listening yet.
      }
    }
    if (pending.size > 0) await sleep(100);
  }
  return { pid: child.pid, stop };
}
