import type { DestinationAnswer } from './http-call';
import { headerLists, type PendingMessage } from './message';

/**
 * The JSON body of a callback, with the fields QStash documents (docs: qstash/features/callbacks):
 * the destination's answer (`status`, `header`, `body` in base64), the attempt (`retried`,
 * `maxRetries`) and the message it reports on (`sourceMessageId`, `url`, `method`, `sourceHeader`,
 * `sourceBody` in base64, `notBefore` and `createdAt` as strings of Unix ms, `callerIP`), and for
 * a failure callback the `dlqId` of the message in the DLQ. `topicName`, `endpointName` and
 * `scheduleId` are left out: the stand-in has no URL Groups or schedules.
 */
export interface CallbackBody {
  status: number;
  header: Record<string, string[]>;
  body: string;
  retried: number;
  maxRetries: number;
  dlqId?: string;
  sourceMessageId: string;
  url: string;
  method: string;
  sourceHeader: Record<string, string[]>;
  sourceBody: string;
  notBefore: string;
  createdAt: string;
  callerIP?: string;
}

/**
 * `answer` is undefined when the last attempt got no answer (a network error or the timeout):
 * QStash does not document that case; the stand-in reports status 0 and an empty answer.
 */
export function callbackBody(
  source: PendingMessage,
  answer: DestinationAnswer | undefined,
  dlqId?: string,
): CallbackBody {
  const { spec } = source;
  return {
    status: answer?.status ?? 0,
    header: answer?.headers ?? {},
    body: (answer?.body ?? Buffer.alloc(0)).toString('base64'),
    retried: source.attempts - 1,
    maxRetries: spec.retries,
    ...(dlqId === undefined ? {} : { dlqId }),
    sourceMessageId: source.id,
    url: spec.destination,
    method: spec.method,
    sourceHeader: headerLists(spec.headers),
    sourceBody: spec.body.toString('base64'),
    notBefore: String(spec.notBefore),
    createdAt: String(source.createdAt),
    ...(spec.callerIp ? { callerIP: spec.callerIp } : {}),
  };
}
