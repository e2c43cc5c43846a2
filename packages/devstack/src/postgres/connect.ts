import { createDatabase, type DatabaseHandle } from '@edge-commerce/db';
import WebSocket from 'ws';

export interface DatabaseTarget {
  url: string;
  /** The local bridge (`host:port/v1`), or undefined to reach Neon directly. */
  wsProxy?: string | undefined;
}

/** Connects from Node through the same driver the Worker uses, so scripts and Worker agree. */
export function connectFromNode(target: DatabaseTarget): DatabaseHandle {
  return createDatabase({
    url: target.url,
    localWebSocketProxy: target.wsProxy,
    webSocketConstructor: WebSocket as unknown as typeof globalThis.WebSocket,
  });
}
