import { type ChildProcess, spawn } from 'node:child_process';
import { accessSync, constants, readFileSync } from 'node:fs';
import { chown, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

// The bench's connection pooler. In production each order's connection (the CartObject opens one
// per completion, ADR 29) goes to Neon's pooled endpoint, which is PgBouncer; against a bare
// PostgreSQL every one of them would fork a backend instead, a cost production never pays. So
// when the bench runs against DATABASE_URL it puts PgBouncer in front, as Neon does.

/** A running PgBouncer: the URL to connect through, and how to stop it. */
export interface Pooler {
  url: string;
  stop(): Promise<void>;
}

export const PGBOUNCER_INSTALL_HINT = 'apt-get install -y pgbouncer';

/** The `pgbouncer` executable on PATH (or in /usr/sbin, where Debian puts it), if installed. */
export function findPgBouncer(path = process.env.PATH ?? ''): string | undefined {
  for (const folder of [...path.split(delimiter), '/usr/sbin', '/usr/local/sbin']) {
    if (!folder) continue;
    const candidate = join(folder, 'pgbouncer');
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {}
  }
  return undefined;
}

/** PgBouncer's two files, kept in `dir`, for pooling `upstream` on `port`: its configuration and its users. */
export function pgBouncerFiles(upstream: URL, port: number, dir: string): { ini: string; users: string } {
  const user = decodeURIComponent(upstream.username) || 'postgres';
  const quoted = (value: string) => `"${value.replace(/"/g, '""')}"`;
  const ini = [
    '[databases]',
    // Any database name the client asks for, on the upstream server as the upstream user.
    `* = host=${upstream.hostname} port=${upstream.port || '5432'} user=${user}`,
    '',
    '[pgbouncer]',
    'listen_addr = 127.0.0.1',
    `listen_port = ${port}`,
    // The bench's own clients only, on loopback: the upstream still checks the real password.
    'auth_type = trust',
    `auth_file = ${join(dir, 'users.txt')}`,
    // Transaction pooling, as Neon runs its pooler: a server connection serves a client for one
    // transaction at a time. The API holds no session state (its advisory locks are
    // transaction-scoped, its statements unnamed), and nothing is reset between clients.
    'pool_mode = transaction',
    'default_pool_size = 40',
    'max_client_conn = 500',
    // No Unix socket and no pid file: it runs in the foreground as the bench's child.
    'unix_socket_dir =',
    'ignore_startup_parameters = extra_float_digits,options',
    '',
  ].join('\n');
  // PgBouncer logs in to the upstream with the password it holds for the user.
  const users = `${quoted(user)} ${quoted(decodeURIComponent(upstream.password))}\n`;
  return { ini, users };
}

/**
 * PgBouncer refuses to run as root: then it drops to `postgres` (or `nobody`) itself, with -u,
 * and its files are handed to that user.
 */
function unprivilegedUser(): { name: string; uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  let passwd = '';
  try {
    passwd = readFileSync('/etc/passwd', 'utf8');
  } catch {}
  for (const name of ['postgres', 'nobody']) {
    const fields = passwd
      .split('\n')
      .find((line) => line.startsWith(`${name}:`))
      ?.split(':');
    if (fields) return { name, uid: Number(fields[2]), gid: Number(fields[3]) };
  }
  return undefined;
}

function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((stopped) => {
    if (child.exitCode !== null || child.signalCode !== null) {
      stopped();
      return;
    }
    child.once('exit', () => stopped());
    // SIGINT: PgBouncer's "safe shutdown" waits for clients; SIGTERM closes them at once.
    child.kill('SIGTERM');
  });
}

/**
 * Starts PgBouncer on `port` in front of `databaseUrl`'s server and answers the URL that reaches
 * the same database through it. Throws when PgBouncer is not installed or does not start.
 */
export async function startPgBouncer(databaseUrl: string, port: number): Promise<Pooler> {
  const executable = findPgBouncer();
  if (!executable) throw new Error(`PgBouncer is not installed (${PGBOUNCER_INSTALL_HINT}).`);
  const upstream = new URL(databaseUrl);
  const dir = await mkdtemp(join(tmpdir(), 'edge-commerce-pgbouncer-'));
  const files = pgBouncerFiles(upstream, port, dir);
  // The users file holds the upstream password: readable by PgBouncer's user only.
  await writeFile(join(dir, 'pgbouncer.ini'), files.ini, { mode: 0o600 });
  await writeFile(join(dir, 'users.txt'), files.users, { mode: 0o600 });
  const user = unprivilegedUser();
  if (user) {
    for (const path of [dir, join(dir, 'pgbouncer.ini'), join(dir, 'users.txt')]) {
      await chown(path, user.uid, user.gid);
    }
  }
  const child = spawn(executable, [...(user ? ['-u', user.name] : []), join(dir, 'pgbouncer.ini')], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let output = '';
  const stop = async () => {
    await stopChild(child);
    await rm(dir, { recursive: true, force: true });
  };
  // It logs "process up" once it listens; a port taken or a bad file ends it with a FATAL line.
  const up = await new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), 10_000);
    child.stderr?.on('data', (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-4_000);
      if (output.includes('process up')) {
        clearTimeout(timer);
        resolve(true);
      }
    });
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(false);
    });
  });
  if (!up) {
    await stop();
    throw new Error(`PgBouncer did not start on port ${port}: ${output.trim() || 'no output'}`);
  }
  const pooled = new URL(databaseUrl);
  pooled.hostname = '127.0.0.1';
  pooled.port = String(port);
  return { url: pooled.toString(), stop };
}
