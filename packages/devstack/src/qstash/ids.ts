import { randomBytes } from 'node:crypto';

// QStash's ids look like `msg_26hZCxZCuWyyTWPmSVBrNCtiJPAjmv2TBj9`: base58 after the prefix.
const BASE58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';

function base58(length: number): string {
  let text = '';
  // The bias of a byte modulo 58 is no concern for ids that only need to be unique.
  for (const byte of randomBytes(length)) text += BASE58[byte % BASE58.length];
  return text;
}

/** A message id as QStash issues them: `msg_` and 35 base58 characters. */
export function messageId(): string {
  return `msg_${base58(35)}`;
}

let lastDlqMillis = 0;
let dlqSequence = 0;

/**
 * A DLQ id as QStash issues them, a Redis stream id: `<unix ms>-<sequence within that ms>`
 * (`1725323658779-0`), so ids sort in the order messages failed.
 */
export function dlqId(now: number): string {
  if (now === lastDlqMillis) dlqSequence++;
  else {
    lastDlqMillis = now;
    dlqSequence = 0;
  }
  return `${now}-${dlqSequence}`;
}

/** A made-up QStash token, shaped like QStash's (base64 of a small JSON), for local stacks. */
export function newQStashToken(): string {
  return Buffer.from(JSON.stringify({ UserID: 'local-stand-in', Password: base58(24) })).toString('base64');
}
