import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { canonicalHeaderName } from './publish-request';

/** What a destination answered. */
export interface DestinationAnswer {
  status: number;
  /** Canonical names, each with its values, as QStash reports them in callbacks and the DLQ. */
  headers: Record<string, string[]>;
  body: Buffer;
}

export interface DestinationCall {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: Buffer;
  timeoutMs: number;
  signal: AbortSignal;
}

// QStash may truncate a response body it passes on to callbacks and the DLQ; 1 MiB keeps memory bounded.
const MAX_KEPT_RESPONSE_BYTES = 1024 * 1024;

/**
 * One HTTP call to a destination, with `node:http` rather than fetch: QStash sends a body with
 * any method (`Upstash-Method: GET` included), which fetch refuses. Redirects are not followed,
 * so a 3xx counts as a failed attempt. Rejects on a network error, an abort or the timeout.
 */
export function callDestination(call: DestinationCall): Promise<DestinationAnswer> {
  const url = new URL(call.url);
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { ...call.headers };
    if (call.body.length > 0 || !['GET', 'DELETE'].includes(call.method))
      headers['Content-Length'] = String(call.body.length);
    const outgoing = send(url, { method: call.method, headers, signal: call.signal });
    const timer = setTimeout(
      () => outgoing.destroy(new Error(`no answer within ${call.timeoutMs} ms`)),
      call.timeoutMs,
    );
    outgoing.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    outgoing.on('response', (response: IncomingMessage) => {
      const chunks: Buffer[] = [];
      let kept = 0;
      response.on('data', (chunk: Buffer) => {
        if (kept >= MAX_KEPT_RESPONSE_BYTES) return;
        chunks.push(chunk);
        kept += chunk.length;
      });
      response.on('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      response.on('end', () => {
        clearTimeout(timer);
        resolve({
          status: response.statusCode ?? 0,
          headers: Object.fromEntries(
            Object.entries(response.headersDistinct).map(([name, values]) => [
              canonicalHeaderName(name),
              values ?? [],
            ]),
          ),
          body: Buffer.concat(chunks).subarray(0, MAX_KEPT_RESPONSE_BYTES),
        });
      });
    });
    outgoing.end(call.body);
  });
}
