export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/**
 * Writes one structured log line. Workers Logs and `wrangler tail` index JSON lines by field,
 * so every line is a single JSON object carrying the request id where there is one.
 */
export function log(level: LogLevel, message: string, fields: Record<string, unknown> = {}): void {
  const line = JSON.stringify({ time: new Date().toISOString(), level, message, ...fields });
  if (level === 'error') console.error(line);
  else if (level === 'warn') console.warn(line);
  else console.log(line);
}
