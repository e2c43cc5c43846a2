// autocannon 9 ships no types; this declares only what measure.ts uses.
declare module 'autocannon' {
  import type { EventEmitter } from 'node:events';

  export interface AutocannonOptions {
    url: string;
    method?: string;
    headers?: Record<string, string>;
    body?: string;
    connections?: number;
    /** Seconds. */
    duration?: number;
    /** Seconds before a request counts as a timeout. */
    timeout?: number;
    /** Each client loops over these; `setupRequest` rewrites a request before each send. */
    requests?: AutocannonRequest[];
    /** Called with each connection's client as it is created. */
    setupClient?: (client: AutocannonClient) => void;
  }

  export interface AutocannonRequestData {
    method: string;
    path: string;
    headers: Record<string, string>;
    body?: string | Buffer;
  }

  export interface AutocannonRequest {
    setupRequest?: (request: AutocannonRequestData) => AutocannonRequestData;
  }

  /** One connection. `headers` carries each response's raw headers: name, value, name, value… */
  export interface AutocannonClient extends EventEmitter {
    on(event: 'headers', listener: (response: { headers: unknown[] }) => void): this;
  }

  export interface AutocannonResult {
    /** Seconds actually run. */
    duration: number;
    requests: { average: number; total: number; sent: number };
    errors: number;
    timeouts: number;
    non2xx: number;
    statusCodeStats: Record<string, { count: number }>;
  }

  export interface AutocannonInstance extends EventEmitter {
    on(
      event: 'response',
      listener: (client: unknown, statusCode: number, bytes: number, responseTimeMs: number) => void,
    ): this;
    stop(): void;
  }

  export default function autocannon(
    options: AutocannonOptions,
    callback: (error: Error | null, result: AutocannonResult) => void,
  ): AutocannonInstance;
}
