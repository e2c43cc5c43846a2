import type { DestinationAnswer } from './http-call';
import { dlqId } from './ids';
import { type MessageView, messageView, type PendingMessage, textOrBase64 } from './message';
import type { MessageSpec } from './publish-request';
import { type Filterable, matches, type RecordFilter } from './query-filters';

/** A message in the DLQ as `GET /v2/dlq` lists it (the SDK's `DlqMessage`). */
export interface DlqMessage extends MessageView {
  dlqId: string;
  /** The last attempt's answer; absent when the destination never answered. */
  responseStatus?: number;
  responseHeader?: Record<string, string[]>;
  responseBody?: string;
  responseBodyBase64?: string;
}

interface Entry {
  view: DlqMessage;
  /** What the message was published with, to publish it again on `dlq.retry`. */
  spec: MessageSpec;
  failedAt: number;
}

export interface DlqPage {
  messages: DlqMessage[];
  /** Absent on the last page, as QStash leaves it out. */
  cursor?: string;
}

/**
 * Where messages go once their retries are exhausted, oldest first (QStash's DLQ ids are Redis
 * stream ids, which sort by the time of failure). Cursors are the position after which a page
 * starts, so removing entries between two pages skips none.
 */
export class DeadLetterQueue {
  private readonly entries: Entry[] = [];

  constructor(private readonly now: () => number) {}

  add(message: PendingMessage, lastAnswer: DestinationAnswer | undefined): DlqMessage {
    const failedAt = this.now();
    const view: DlqMessage = {
      ...messageView(message),
      dlqId: dlqId(failedAt),
      ...(lastAnswer
        ? {
            responseStatus: lastAnswer.status,
            responseHeader: lastAnswer.headers,
            ...textOrBase64(lastAnswer.body, 'responseBody', 'responseBodyBase64'),
          }
        : {}),
    };
    this.entries.push({ view, spec: message.spec, failedAt });
    return view;
  }

  all(): DlqMessage[] {
    return this.entries.map((entry) => entry.view);
  }

  get(id: string): DlqMessage | undefined {
    return this.entries.find((entry) => entry.view.dlqId === id)?.view;
  }

  /** Up to `count` entries matching, after `cursor`. */
  page(filter: RecordFilter, count: number, cursor: string | undefined): DlqPage {
    const after = cursor === undefined || cursor === '' ? undefined : cursor;
    const matching = this.entries.filter(
      (entry) =>
        (after === undefined || compareIds(entry.view.dlqId, after) > 0) &&
        matches(filter, filterable(entry)),
    );
    const messages = matching.slice(0, count).map((entry) => entry.view);
    const last = messages.at(-1);
    return matching.length > count && last ? { messages, cursor: last.dlqId } : { messages };
  }

  /** Removes one entry; false when there is none by that id. */
  remove(id: string): boolean {
    const at = this.entries.findIndex((entry) => entry.view.dlqId === id);
    if (at === -1) return false;
    this.entries.splice(at, 1);
    return true;
  }

  /** Removes a page of matching entries (all of the given ids), returning them and where to go on. */
  take(
    filter: RecordFilter,
    count: number,
    cursor: string | undefined,
  ): { taken: { view: DlqMessage; spec: MessageSpec }[]; cursor?: string } {
    const page = filter.ids
      ? {
          messages: this.entries
            .filter((entry) => matches(filter, filterable(entry)))
            .map((entry) => entry.view),
        }
      : this.page(filter, count, cursor);
    const taken = page.messages.flatMap((view) => {
      const at = this.entries.findIndex((entry) => entry.view === view);
      const [entry] = at === -1 ? [] : this.entries.splice(at, 1);
      return entry ? [{ view: entry.view, spec: entry.spec }] : [];
    });
    return 'cursor' in page && page.cursor !== undefined ? { taken, cursor: page.cursor } : { taken };
  }
}

function filterable(entry: Entry): Filterable {
  return {
    id: entry.view.dlqId,
    messageId: entry.view.messageId,
    url: entry.view.url,
    labels: entry.spec.labels,
    flowControlKey: entry.spec.flowControl?.key,
    callerIp: entry.spec.callerIp,
    time: entry.failedAt,
    responseStatus: entry.view.responseStatus,
  };
}

/** Orders `<ms>-<sequence>` ids as Redis orders stream ids. */
function compareIds(a: string, b: string): number {
  const [aMs = 0, aSeq = 0] = a.split('-').map(Number);
  const [bMs = 0, bSeq = 0] = b.split('-').map(Number);
  return aMs - bMs || aSeq - bSeq;
}
