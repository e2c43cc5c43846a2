/**
 * A Redis reply as the stand-in carries it from a backend to the HTTP layer. Bulk strings are
 * Buffers and status replies are `Status`, because Upstash encodes the two differently: with
 * `Upstash-Encoding: base64` every string is base64 except the status reply `OK`.
 */
export type Reply = null | number | Buffer | Status | ReplyItem[];

/** An element of an array reply: besides any reply, an error in place (a script can return one). */
export type ReplyItem = Reply | RedisReplyError;

/** A RESP simple string (`+OK`, `+PONG`, `+string` from TYPE). */
export class Status {
  constructor(readonly text: string) {}
}

export const OK = new Status('OK');

/** An error reply from Redis (`-ERR …`, `-WRONGTYPE …`): the client's mistake, answered 400. */
export class RedisReplyError extends Error {
  override readonly name = 'RedisReplyError';
}

/** The JSON value Upstash puts in `result`. */
export type JsonReply = null | number | string | JsonReply[];

/**
 * Encodes a reply for `result`. An error inside an array (only a script's own reply can hold
 * one) becomes its message, encoded as any other string: Upstash does not document this case.
 */
export function encodeReply(reply: ReplyItem, base64: boolean): JsonReply {
  if (reply === null || typeof reply === 'number') return reply;
  if (Array.isArray(reply)) return reply.map((item) => encodeReply(item, base64));
  if (reply instanceof Status) {
    return base64 && reply.text !== 'OK' ? Buffer.from(reply.text).toString('base64') : reply.text;
  }
  if (reply instanceof RedisReplyError)
    return base64 ? Buffer.from(reply.message).toString('base64') : reply.message;
  return base64 ? reply.toString('base64') : reply.toString('utf8');
}
