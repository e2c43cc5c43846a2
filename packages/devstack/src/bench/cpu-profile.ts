import { readFileSync } from 'node:fs';
import { originalPositionFor, TraceMap } from '@jridgewell/trace-mapping';

/** A V8 CPU profile as the inspector's `Profiler.stop` returns it (the fields read here). */
export interface CpuProfile {
  nodes: {
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
    children?: number[];
  }[];
  samples: number[];
}

/** Where the samples went: a function (or the runtime's own work) and its share of them. */
export interface ProfileLine {
  /** `name (source:line)` for our code and libraries, `(idle)`, `(garbage collector)`, … for the runtime. */
  where: string;
  /** The share of the samples spent in it, not in what it called (0–1). */
  selfShare: number;
}

/**
 * Samples one workerd isolate's CPU through workerd's inspector (`--inspector-addr`) while a
 * point is measured: the Chrome DevTools protocol's Profiler domain, over the WebSocket that
 * `/json/list` names for the worker. `stop` ends the sampling and returns the profile.
 */
export async function startCpuProfile(
  inspectorAddress: string,
  workerName: string,
): Promise<{ stop(): Promise<CpuProfile> }> {
  const targets = (await (await fetch(`http://${inspectorAddress}/json/list`)).json()) as {
    title: string;
    webSocketDebuggerUrl: string;
  }[];
  const target = targets.find((candidate) => candidate.title === `workerd: worker ${workerName}`);
  if (!target) throw new Error(`workerd's inspector lists no worker ${workerName}.`);
  const socket = new WebSocket(target.webSocketDebuggerUrl);
  await new Promise<void>((resolve, reject) => {
    socket.addEventListener('open', () => resolve(), { once: true });
    socket.addEventListener('error', () => reject(new Error('workerd inspector refused the session')), {
      once: true,
    });
  });
  const pending = new Map<number, (result: unknown) => void>();
  let sent = 0;
  socket.addEventListener('message', (event) => {
    const message = JSON.parse(String(event.data)) as { id?: number; result?: unknown };
    if (message.id !== undefined) pending.get(message.id)?.(message.result);
    if (message.id !== undefined) pending.delete(message.id);
  });
  const call = (method: string, params: object = {}) =>
    new Promise<unknown>((resolve) => {
      sent += 1;
      pending.set(sent, resolve);
      socket.send(JSON.stringify({ id: sent, method, params }));
    });
  await call('Profiler.enable');
  // Every 200 µs: fine enough for sub-millisecond requests, cheap enough not to move the figures much.
  await call('Profiler.setSamplingInterval', { interval: 200 });
  await call('Profiler.start');
  return {
    async stop() {
      const result = (await call('Profiler.stop')) as { profile: CpuProfile };
      socket.close();
      return result.profile;
    },
  };
}

/**
 * The functions that held the samples themselves, largest first, with the bundle's positions
 * mapped back to the sources (`sourceMapPath`: wrangler's `index.js.map`), so a line reads
 * `reserve (packages/inventory/src/ledger.ts:202)`. A runtime call (SQLite's `exec`, a
 * `Response`) is named with its caller, which is what one can change.
 */
export function profileSummary(
  profile: CpuProfile,
  sourceMapPath: string | undefined,
  top = 15,
): ProfileLine[] {
  const map = sourceMapPath ? new TraceMap(readFileSync(sourceMapPath, 'utf8')) : undefined;
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const parents = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);
  const located = new Map<number, string>();
  const where = (id: number): string => {
    const cached = located.get(id);
    if (cached !== undefined) return cached;
    const node = nodes.get(id);
    let name = '(unknown)';
    if (node) {
      const frame = node.callFrame;
      const functionName = frame.functionName || '(anonymous)';
      if (frame.url === '') {
        const parent = parents.get(id);
        const caller = parent === undefined ? undefined : nodes.get(parent);
        name =
          caller && caller.callFrame.url !== '' && !functionName.startsWith('(')
            ? `${functionName} ← ${where(caller.id)}`
            : functionName;
      } else {
        name = `${functionName} (${sourceOf(frame, map)})`;
      }
    }
    located.set(id, name);
    return name;
  };
  const counts = new Map<string, number>();
  for (const sample of profile.samples) {
    const name = where(sample);
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  const total = Math.max(1, profile.samples.length);
  return [...counts]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([name, count]) => ({ where: name, selfShare: count / total }));
}

function sourceOf(frame: CpuProfile['nodes'][number]['callFrame'], map: TraceMap | undefined): string {
  const bundled = `${frame.url.split('/').pop()}:${frame.lineNumber + 1}`;
  if (!map) return bundled;
  const original = originalPositionFor(map, { line: frame.lineNumber + 1, column: frame.columnNumber });
  if (!original.source) return bundled;
  // Sources are paths from the bundle's folder: keep them from the package on.
  const source = original.source.replace(/^.*?\b(node_modules|packages|workers)\//, '$1/');
  return `${source}:${original.line}`;
}
