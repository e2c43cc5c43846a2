/** The fields of Stripe's v1 error body, `{ error: { … } }`. */
export interface StripeErrorFields {
  type?: 'invalid_request_error' | 'card_error' | 'idempotency_error' | 'api_error';
  message: string;
  code?: string;
  decline_code?: string;
  param?: string;
  doc_url?: string;
  charge?: string;
  payment_intent?: unknown;
  payment_method?: unknown;
}

/**
 * An answer of Stripe's API that is an error: the status and body Stripe sends, which the stripe
 * SDK turns into its StripeInvalidRequestError, StripeCardError and so on. `outcome` says whether
 * the request got as far as running: Stripe stores such answers under an idempotency key (a
 * decline is replayed), but not a request refused while its parameters were validated.
 */
export class StripeApiError extends Error {
  readonly fields: StripeErrorFields;

  constructor(
    readonly status: number,
    fields: StripeErrorFields,
    readonly outcome: 'refused' | 'ran' = 'refused',
  ) {
    super(fields.message);
    this.fields = { type: 'invalid_request_error', ...fields };
    if (fields.code && !fields.doc_url)
      this.fields.doc_url = `https://stripe.com/docs/error-codes/${fields.code.replaceAll('_', '-')}`;
  }

  body(): { error: StripeErrorFields } {
    return { error: this.fields };
  }
}

export function parameterMissing(param: string): StripeApiError {
  return new StripeApiError(400, {
    code: 'parameter_missing',
    message: `Missing required param: ${param}.`,
    param,
  });
}

/**
 * Stripe's answer to a parameter it does not know. The stand-in gives it for any it does not
 * model, so the message says so: the parameter may well be Stripe's.
 */
export function parameterUnknown(param: string): StripeApiError {
  return new StripeApiError(400, {
    code: 'parameter_unknown',
    message: `Received unknown parameter: ${param} (the local Stripe stand-in does not model it; see packages/devstack/src/stripe)`,
    param,
  });
}

export function parameterInvalid(param: string, message: string, code?: string): StripeApiError {
  return new StripeApiError(400, { ...(code ? { code } : {}), message, param });
}

/**
 * `No such payment_intent: 'pi_…'`, with the param Stripe names for each kind of object: 404 for
 * the object a URL names, 400 for an id given as a parameter (`payment_method`, `charge`).
 */
export function resourceMissing(kind: string, id: string, param: string, status = 404): StripeApiError {
  return new StripeApiError(status, {
    code: 'resource_missing',
    message: `No such ${kind}: '${id}'`,
    param,
  });
}
