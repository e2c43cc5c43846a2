export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

const severity: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

// The threshold is configuration, constant for the life of an isolate; the services
// middleware sets it from the validated config before anything else logs.
let threshold: number = severity.info;

export function setLogLevel(level: LogLevel): void {
  threshold = severity[level];
}

/** Whether a line of this level would be written: lets hot paths skip building its fields. */
export function logs(level: LogLevel): boolean {
  return severity[level] >= threshold;
}

/**
 * Writes one structured log line. Workers Logs and `wrangler tail` index JSON lines by field,
 * so every line is a single JSON object carrying the request id where there is one.
 */
export function log(level: LogLevel, message: string, fields: Record<string, unknown> = {}): void {
  if (severity[level] < threshold) return;
  const line = JSON.stringify({ time: new Date().toISOString(), level, message, ...fields });
  if (level === 'error') console.error(line);
  else if (level === 'warn') console.warn(line);
  else console.log(line);
}

/**
 * An error as log fields: its message with every `cause` appended, because drizzle wraps driver
 * errors ("Failed query: …") and the useful part ("connection refused") is in the cause.
 */
export function describeError(error: unknown): string {
  const messages: string[] = [];
  let current: unknown = error;
  while (current !== undefined && messages.length < 5) {
    // The driver rejects with a WebSocket ErrorEvent, not an Error, when the socket fails.
    const message = (current as { message?: unknown } | null)?.message;
    messages.push(typeof message === 'string' && message ? message : String(current));
    current = current instanceof Error ? current.cause : undefined;
  }
  return messages.join(' <- caused by: ');
}
