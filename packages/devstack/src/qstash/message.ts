import type { HttpMethod, MessageSpec } from './publish-request';

/** What a message is: one published, or a callback reporting on one (itself a message, as in QStash). */
export type MessageKind = 'message' | 'callback' | 'failure-callback';

/**
 * Where a message is: waiting for its time (or its backoff before a retry), held by `pause()`,
 * waiting for its flow-control key's slot, or being sent.
 */
export type MessageState = 'scheduled' | 'held' | 'waiting' | 'active';

/** A message QStash still holds: not yet delivered, failed for good or cancelled. */
export interface PendingMessage {
  id: string;
  kind: MessageKind;
  /** For a callback: the message whose attempt it reports. */
  sourceMessageId: string | undefined;
  spec: MessageSpec;
  createdAt: number;
  /** Publish order, which flow control keeps among the messages of one key. */
  sequence: number;
  state: MessageState;
  /** Attempts made so far. */
  attempts: number;
  /** When it is (next) due, Unix ms. */
  dueAt: number;
}

/** A message as `GET /v2/messages/{id}` shows it (the SDK's `Message`), fields QStash omits left out. */
export interface MessageView {
  messageId: string;
  url: string;
  method: HttpMethod;
  header: Record<string, string[]>;
  body?: string;
  bodyBase64?: string;
  maxRetries: number;
  notBefore: number;
  createdAt: number;
  callback?: string;
  failureCallback?: string;
  callerIP?: string;
  flowControlKey?: string;
  parallelism?: number;
  label?: string;
  labels?: string[];
}

export function messageView(message: PendingMessage): MessageView {
  const { spec } = message;
  return {
    messageId: message.id,
    url: spec.destination,
    method: spec.method,
    header: headerLists(spec.headers),
    ...textOrBase64(spec.body, 'body', 'bodyBase64'),
    maxRetries: spec.retries,
    notBefore: spec.notBefore,
    createdAt: message.createdAt,
    ...(spec.callback ? { callback: spec.callback.url } : {}),
    ...(spec.failureCallback ? { failureCallback: spec.failureCallback.url } : {}),
    ...(spec.callerIp ? { callerIP: spec.callerIp } : {}),
    ...(spec.flowControl
      ? { flowControlKey: spec.flowControl.key, parallelism: spec.flowControl.parallelism }
      : {}),
    ...(spec.labels.length > 0 ? { label: spec.labels[0], labels: spec.labels } : {}),
  };
}

/** Headers as QStash shows them (Go's `http.Header`): each name with a list of values. */
export function headerLists(headers: Record<string, string>): Record<string, string[]> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, [value]]));
}

/**
 * QStash shows a body as text when it is UTF-8, and base64 in a second field otherwise.
 */
export function textOrBase64<Text extends string, Base64 extends string>(
  bytes: Buffer,
  textField: Text,
  base64Field: Base64,
): Partial<Record<Text | Base64, string>> {
  const text = utf8(bytes);
  return (
    text === undefined ? { [base64Field]: bytes.toString('base64') } : { [textField]: text }
  ) as Partial<Record<Text | Base64, string>>;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

function utf8(bytes: Buffer): string | undefined {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return undefined;
  }
}
