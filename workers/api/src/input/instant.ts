import { z } from '@hono/zod-openapi';

// Instants the API accepts are the ones Postgres stores and ISO 8601 writes with four year
// digits: years 1 to 9999 in UTC. Postgres has no year 0 (1 BC is year 1 BC), and a JavaScript
// Date past 9999 prints as "+010000-…", which no column takes; both used to reach the database
// and come back as a 500.
// Parsed from ISO text: Date.UTC reads the years 0-99 as 1900-1999.
const FIRST = new Date('0001-01-01T00:00:00Z').getTime();
const LAST = new Date('9999-12-31T23:59:59.999Z').getTime();

/** Whether a UTC millisecond time lies in the years 1-9999. */
export function isStorableTime(time: number): boolean {
  return Number.isFinite(time) && time >= FIRST && time <= LAST;
}

/**
 * An ISO 8601 date-time with an offset (`2026-11-27T00:00:00Z`, `…+01:00`), as a UTC ISO string.
 * The offset may carry it across a year boundary, so the bound is checked on the UTC instant.
 */
export const Instant = z.iso
  .datetime({ offset: true })
  .max(40)
  .transform((value, context) => {
    const time = new Date(value).getTime();
    if (!isStorableTime(time)) {
      context.issues.push({
        code: 'custom',
        message: 'must fall in the years 0001 to 9999 (UTC)',
        input: value,
      });
      return z.NEVER;
    }
    return new Date(time).toISOString();
  })
  .openapi({ example: '2026-11-27T00:00:00Z' });

const MICROSECOND_INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\.\d{6}Z$/;

/**
 * Whether `text` is a real instant as Postgres prints a timestamptz in UTC with microseconds
 * (`2026-11-20T09:30:00.123456Z`), in years 1-9999: the shape is not enough (month 13, 31 April).
 */
export function isMicrosecondInstant(text: string): boolean {
  const parts = MICROSECOND_INSTANT.exec(text);
  if (!parts) return false;
  const [year, month, day, hour, minute, second] = parts.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (year < 1 || hour > 23 || minute > 59 || second > 59) return false;
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}
