/**
 * An answer of QStash's API that is an error. QStash's body is `{ "error": "…" }`, which the SDK
 * hands over verbatim as the message of its `QstashError` (with the status).
 */
export class QStashApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }

  body(): { error: string } {
    return { error: this.message };
  }
}

/**
 * A feature of QStash the stand-in does not model. Refused rather than ignored, so that code
 * relying on it fails here, loudly, instead of behaving differently in production.
 */
export function notModelled(what: string): QStashApiError {
  return new QStashApiError(
    400,
    `${what} is not modelled by the local QStash stand-in (see packages/devstack/src/qstash)`,
  );
}
