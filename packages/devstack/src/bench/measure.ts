import autocannon from 'autocannon';
import type { BenchRequest, Scenario } from './scenarios';

export interface Measurement {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Where a rare slow request (one in a thousand: a render after an invalidation) shows. */
  p999Ms: number;
  responses: number;
  non2xx: number;
  /** Socket errors and timeouts: requests that got no response at all. */
  errors: number;
  timeouts: number;
  /** Responses whose status was not the scenario's `expectStatus`. */
  unexpectedStatus: number;
  /** Responses of the expected status per second of the run: what succeeded (e.g. reservations taken). */
  expectedPerSecond: number;
  /** Seconds autocannon actually ran. */
  seconds: number;
  statusCounts: Record<string, number>;
  /** SQL statements the measured responses cost, per second, from their Server-Timing headers. */
  sqlStatementsPerSecond: number;
  /** The same, in all: divided by `responses`, what one request cost. */
  sqlStatementsTotal: number;
}

export function percentile(sorted: Float64Array, fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1));
  return sorted[index] ?? Number.NaN;
}

/**
 * Loads one scenario at a fixed number of connections. Percentiles come from each response's own
 * timing: autocannon's histogram keeps whole milliseconds, too coarse for a sub-millisecond baseline.
 */
export function measure(
  baseUrl: string,
  scenario: Scenario,
  connections: number,
  seconds: number,
  /** For scenarios whose requests differ: each call gives the next one to send. */
  next?: () => BenchRequest,
): Promise<Measurement> {
  return new Promise<Measurement>((resolve, reject) => {
    let latencies = new Float64Array(1 << 16);
    let count = 0;
    let statements = 0;
    const instance = autocannon(
      {
        url: new URL(scenario.path, baseUrl).href,
        method: scenario.method,
        ...(scenario.headers ? { headers: scenario.headers } : {}),
        ...(scenario.body !== undefined ? { body: scenario.body } : {}),
        ...(next
          ? {
              requests: [
                {
                  setupRequest: (request) => {
                    const { path, headers, body } = next();
                    return { ...request, path, headers, ...(body !== undefined ? { body } : {}) };
                  },
                },
              ],
            }
          : {}),
        connections,
        duration: seconds,
        // Each response's `Server-Timing: db;desc="N statements"` (the API's, outside production).
        setupClient: (client) => {
          client.on('headers', ({ headers }) => {
            for (let index = 0; index + 1 < headers.length; index += 2) {
              if (String(headers[index]).toLowerCase() !== 'server-timing') continue;
              const match = /db;desc="(\d+) statements"/.exec(String(headers[index + 1]));
              statements += Number(match?.[1] ?? 0);
            }
          });
        },
      },
      (error, result) => {
        if (error) {
          reject(error);
          return;
        }
        const sorted = latencies.subarray(0, count).sort();
        const statusCounts = Object.fromEntries(
          Object.entries(result.statusCodeStats).map(([status, { count: n }]) => [status, n]),
        );
        const expected = statusCounts[String(scenario.expectStatus)] ?? 0;
        const responses = Object.values(statusCounts).reduce((sum, n) => sum + n, 0);
        resolve({
          requestsPerSecond: result.requests.average,
          p50Ms: percentile(sorted, 0.5),
          p99Ms: percentile(sorted, 0.99),
          p999Ms: percentile(sorted, 0.999),
          responses,
          non2xx: result.non2xx,
          errors: result.errors,
          timeouts: result.timeouts,
          unexpectedStatus: responses - expected,
          expectedPerSecond: result.duration > 0 ? expected / result.duration : 0,
          seconds: result.duration,
          statusCounts,
          sqlStatementsPerSecond: statements / seconds,
          sqlStatementsTotal: statements,
        });
      },
    );
    instance.on('response', (_client, _status, _bytes, responseTimeMs) => {
      if (count === latencies.length) {
        const grown = new Float64Array(latencies.length * 2);
        grown.set(latencies);
        latencies = grown;
      }
      latencies[count++] = responseTimeMs;
    });
  });
}
