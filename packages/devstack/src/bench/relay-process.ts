import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { RecordedDelivery } from '../partners/inbox';
import type { PartnerName } from '../partners/server';
import type { Cleanup } from './cleanup';

/** What the child is started with. */
export interface RelayStandInsOptions {
  qstashPort: number;
  partnersPort: number;
  /** The key the stand-in signs deliveries with and the partners verify them with. */
  signingKey: string;
}

/** One event a partner applied, and when (Unix ms, its own clock: the machine's). */
export interface Receipt {
  eventId: string;
  receivedAt: number;
}

/**
 * Each event's first acknowledged delivery, in the order they came. Acknowledged: applied, or
 * verified and acknowledged without being applied again (`duplicate`; `stale`, when an event of
 * the same aggregate recorded later got there first, which an unordered destination allows).
 */
export function firstReceipts(deliveries: readonly RecordedDelivery[]): Receipt[] {
  const seen = new Set<string>();
  const receipts: Receipt[] = [];
  for (const delivery of deliveries) {
    if (delivery.eventId === null || seen.has(delivery.eventId)) continue;
    if (!ACKNOWLEDGED.has(delivery.outcome)) continue;
    seen.add(delivery.eventId);
    receipts.push({ eventId: delivery.eventId, receivedAt: Date.parse(delivery.receivedAt) });
  }
  return receipts;
}

const ACKNOWLEDGED: ReadonlySet<RecordedDelivery['outcome']> = new Set(['applied', 'duplicate', 'stale']);

/** What one partner got so far. */
export interface PartnerTally {
  /** Events received (acknowledged), each counted once: see {@link firstReceipts}. */
  received: number;
  /** Every delivery by outcome (`applied`, `duplicate`, `failed`, …). */
  outcomes: Record<string, number>;
  /** When the first and the last event arrived (Unix ms); null before any. */
  firstReceivedAt: number | null;
  lastReceivedAt: number | null;
  /** Attempts the stand-in made so far, to every destination, and what is in its DLQ. */
  qstashAttempts: number;
  qstashDeadLetters: number;
}

type Question =
  | { ask: 'tally'; partner: PartnerName }
  | { ask: 'receipts'; partner: PartnerName }
  | { ask: 'reset' };

/** Asked of the child over IPC; answered under the same `id`. */
export type RelayQuestion = { id: number } & Question;

export type RelayAnswer = { id: number } & (
  | { tally: PartnerTally }
  | { receipts: Receipt[] }
  | { reset: true }
  | { error: string }
);

/** What the child reports once both servers listen. */
export type RelayReadyMessage =
  | { ready: true; qstashUrl: string; qstashToken: string; partnersUrl: string }
  | { error: string };

/** The QStash stand-in and the local partners the relay flow publishes to, in their process. */
export interface RelayStandIns {
  /** The Worker's QSTASH_URL and QSTASH_TOKEN. */
  qstashUrl: string;
  qstashToken: string;
  /** Where the partners listen: `<url>/<partner>/events` takes a partner's events. */
  partnersUrl: string;
  tally(partner: PartnerName): Promise<PartnerTally>;
  /** Every event the partner received, once each: see {@link firstReceipts}. */
  receipts(partner: PartnerName): Promise<Receipt[]>;
  /** Forgets every partner's deliveries. */
  reset(): Promise<void>;
}

const ENTRY = fileURLToPath(new URL('./relay-process-entry.ts', import.meta.url));
// A child that does not answer a question in this long is stuck, not slow.
const ANSWER_TIMEOUT_MS = 30_000;

/**
 * Starts the QStash stand-in and the local partners in one process of their own, stopped by
 * `cleanup`, for the reason the Upstash and Stripe stand-ins have theirs: the embedded PGlite runs
 * its queries synchronously in this process and would hold QStash's answers and the partners'
 * receipts, which in production are elsewhere. The bench asks the child what the partners got
 * over IPC, not HTTP, so that polling them costs no request beside the measured ones.
 */
export async function startRelayStandIns(
  options: RelayStandInsOptions,
  cleanup: Cleanup,
): Promise<RelayStandIns> {
  // fork() reuses this process's execArgv, so the child runs TypeScript through tsx as we do.
  const child = fork(ENTRY, [JSON.stringify(options)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  cleanup.add(() => stopChild(child));
  const ready = await new Promise<Extract<RelayReadyMessage, { ready: true }>>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the QStash and partners process exited (${code})`)));
    child.once('message', (message: RelayReadyMessage) => {
      if ('error' in message)
        reject(new Error(`the QStash stand-in or partners did not start: ${message.error}`));
      else resolve(message);
    });
  });
  child.removeAllListeners('exit');

  let nextId = 0;
  const waiting = new Map<number, (answer: RelayAnswer) => void>();
  child.on('message', (answer: RelayAnswer) => {
    waiting.get(answer.id)?.(answer);
    waiting.delete(answer.id);
  });
  const ask = (question: Question) =>
    new Promise<RelayAnswer>((resolve, reject) => {
      const id = nextId++;
      const timer = setTimeout(() => {
        waiting.delete(id);
        reject(new Error(`the QStash and partners process did not answer ${question.ask}`));
      }, ANSWER_TIMEOUT_MS);
      waiting.set(id, (answer) => {
        clearTimeout(timer);
        if ('error' in answer) reject(new Error(answer.error));
        else resolve(answer);
      });
      child.send({ ...question, id });
    });

  return {
    qstashUrl: ready.qstashUrl,
    qstashToken: ready.qstashToken,
    partnersUrl: ready.partnersUrl,
    async tally(partner) {
      const answer = await ask({ ask: 'tally', partner });
      if (!('tally' in answer)) throw new Error('expected a tally');
      return answer.tally;
    },
    async receipts(partner) {
      const answer = await ask({ ask: 'receipts', partner });
      if (!('receipts' in answer)) throw new Error('expected receipts');
      return answer.receipts;
    },
    async reset() {
      await ask({ ask: 'reset' });
    },
  };
}

function stopChild(child: ChildProcess): Promise<void> {
  return new Promise<void>((stopped) => {
    if (child.exitCode !== null || child.signalCode !== null) {
      stopped();
      return;
    }
    child.once('exit', () => stopped());
    child.kill('SIGTERM');
  });
}
