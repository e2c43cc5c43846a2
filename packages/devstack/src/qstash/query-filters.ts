import { QStashApiError } from './errors';

/**
 * The filters QStash's list and bulk endpoints take in their query (`url`, `label`,
 * `flowControlKey`, …): several values of one filter match any of them (given as repeated
 * parameters or comma-separated, as QStash takes both), different filters must all match.
 */
export interface RecordFilter {
  /** `dlqIds` or `messageIds`: when given, the other filters are ignored, as QStash does. */
  ids?: string[];
  messageId?: string[];
  url?: string[];
  host?: string[];
  path?: string[];
  label?: string[];
  flowControlKey?: string[];
  callerIp?: string[];
  responseStatus?: number[];
  fromDate?: number;
  toDate?: number;
  /** A URL Group, queue or schedule was asked for: the stand-in has none, so nothing matches. */
  matchesNothing: boolean;
}

/** What a filter looks at in a pending message or a DLQ entry. */
export interface Filterable {
  id: string;
  messageId: string;
  url: string;
  labels: readonly string[];
  flowControlKey: string | undefined;
  callerIp: string | undefined;
  /** Unix ms the date filters compare with. */
  time: number;
  responseStatus: number | undefined;
}

export function readFilter(
  query: URLSearchParams,
  idsParam: 'dlqIds' | 'messageIds',
  where: 'dlq' | 'messages',
): RecordFilter {
  if (where === 'dlq')
    for (const name of ['host', 'path'])
      if (query.has(name)) throw new QStashApiError(400, `the ${name} filter is not supported on the DLQ`);
  const statuses = list(query, 'responseStatus');
  const filter: RecordFilter = {
    ids: list(query, idsParam),
    messageId: list(query, 'messageId'),
    url: list(query, 'url'),
    host: list(query, 'host'),
    path: list(query, 'path'),
    label: list(query, 'label'),
    flowControlKey: list(query, 'flowControlKey'),
    callerIp: list(query, 'callerIp') ?? list(query, 'callerIP'),
    responseStatus: statuses?.map((status) => integer(status, 'responseStatus')),
    fromDate: date(query, 'fromDate'),
    toDate: date(query, 'toDate'),
    matchesNothing: ['topicName', 'queueName', 'scheduleId'].some((name) => list(query, name) !== undefined),
  };
  return filter;
}

export function matches(filter: RecordFilter, item: Filterable): boolean {
  if (filter.ids) return filter.ids.includes(item.id);
  if (filter.matchesNothing) return false;
  const anyOf = <T>(wanted: T[] | undefined, value: T | undefined) =>
    wanted === undefined || (value !== undefined && wanted.includes(value));
  const url = new URL(item.url);
  return (
    anyOf(filter.messageId, item.messageId) &&
    anyOf(filter.url, item.url) &&
    anyOf(filter.host, url.host) &&
    anyOf(filter.path, url.pathname) &&
    (filter.label === undefined || item.labels.some((label) => filter.label?.includes(label))) &&
    anyOf(filter.flowControlKey, item.flowControlKey) &&
    anyOf(filter.callerIp, item.callerIp) &&
    anyOf(filter.responseStatus, item.responseStatus) &&
    (filter.fromDate === undefined || item.time >= filter.fromDate) &&
    (filter.toDate === undefined || item.time <= filter.toDate)
  );
}

/** `count`, bounded as QStash bounds it. */
export function readCount(query: URLSearchParams, fallback: number, max: number): number {
  const value = query.get('count');
  if (value === null || value === '') return fallback;
  const count = integer(value, 'count');
  if (count < 1) throw new QStashApiError(400, `invalid count: ${value}`);
  return Math.min(count, max);
}

function list(query: URLSearchParams, name: string): string[] | undefined {
  const values = query
    .getAll(name)
    .flatMap((value) => value.split(','))
    .map((value) => value.trim())
    .filter((value) => value !== '');
  return values.length > 0 ? values : undefined;
}

function date(query: URLSearchParams, name: string): number | undefined {
  const value = query.get(name);
  return value === null || value === '' ? undefined : integer(value, name);
}

function integer(value: string, name: string): number {
  if (!/^\d+$/.test(value.trim())) throw new QStashApiError(400, `invalid ${name}: ${value}`);
  return Number(value.trim());
}
