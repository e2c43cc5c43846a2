const UNIT_MS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  ms: 1,
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};

/**
 * Milliseconds of a duration as QStash's headers take them (`Upstash-Delay: 1d10h30m`,
 * `Upstash-Timeout: 90s`): one or more `<number><unit>` parts, units d, h, m, s (and the
 * sub-second ones Go's durations have, which `Retry-After: 1.5s` may use). Undefined when the
 * text is not such a duration.
 */
export function parseDuration(text: string): number | undefined {
  const trimmed = text.trim();
  if (!/^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h|d))+$/.test(trimmed)) return undefined;
  let total = 0;
  for (const part of trimmed.matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h|d)/g)) {
    total += Number(part[1]) * (UNIT_MS[part[2] ?? ''] ?? Number.NaN);
  }
  return Number.isFinite(total) ? Math.round(total) : undefined;
}

/**
 * How long a destination asked QStash to wait before the next retry, from `Retry-After` or the
 * rate-limit reset headers QStash also reads: seconds, an HTTP date, or a duration (`6m5s`).
 */
export function retryAfterMs(value: string, now: number): number | undefined {
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1_000;
  const duration = parseDuration(trimmed);
  if (duration !== undefined) return duration;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
