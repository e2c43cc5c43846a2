/**
 * The stable error codes of the API. Clients branch on `code`, never on `title` or `detail`,
 * so a code, once published, keeps its meaning and its status.
 */
export const ErrorCode = {
  validation_failed: { status: 400, title: 'The request is not valid' },
  malformed_json: { status: 400, title: 'The request body is not valid JSON' },
  idempotency_key_required: { status: 400, title: 'An idempotency key is required' },
  invalid_cursor: { status: 400, title: 'The cursor is not valid' },
  cursor_mismatch: { status: 400, title: 'The cursor belongs to another query' },
  unsupported_currency: { status: 400, title: 'No market sells in this currency' },
  unknown_market: { status: 400, title: 'No market has this handle' },
  invalid_value: { status: 400, title: 'A value of the request cannot be stored' },
  unauthorized: { status: 401, title: 'Authentication is required' },
  forbidden: { status: 403, title: 'Not allowed' },
  not_found: { status: 404, title: 'Not found' },
  method_not_allowed: { status: 405, title: 'Method not allowed' },
  handle_taken: { status: 409, title: 'The handle is taken' },
  sku_taken: { status: 409, title: 'The SKU is taken' },
  insufficient_stock: { status: 409, title: 'Not enough stock' },
  cart_closed: { status: 409, title: 'The cart can no longer be changed' },
  promotion_code_taken: { status: 409, title: 'The promotion code is taken' },
  precondition_failed: { status: 412, title: 'The resource changed since it was read' },
  payload_too_large: { status: 413, title: 'The request body is too large' },
  batch_too_large: { status: 413, title: 'The batch has too many items' },
  unsupported_media_type: { status: 415, title: 'Unsupported media type' },
  batch_rejected: { status: 422, title: 'The batch breaks catalog rules; nothing was applied' },
  rule_violated: { status: 422, title: 'The request breaks a rule of the shop' },
  unknown_variant: { status: 422, title: 'No variant has this id' },
  variant_unavailable: { status: 422, title: 'The variant is not for sale' },
  variant_not_priced: { status: 422, title: "The variant has no price in the cart's currency" },
  line_quantity_exceeded: { status: 422, title: 'A cart line cannot hold that many' },
  too_many_lines: { status: 422, title: 'The cart has as many lines as it may' },
  idempotency_key_reused: { status: 422, title: 'The idempotency key was used for another request' },
  rate_limited: { status: 429, title: 'Too many requests' },
  internal_error: { status: 500, title: 'Internal server error' },
  server_misconfigured: { status: 500, title: 'The server is misconfigured' },
  database_unavailable: { status: 503, title: 'The database is unavailable' },
  inventory_unavailable: { status: 503, title: 'Stock cannot be reserved right now' },
} as const satisfies Record<string, { status: number; title: string }>;

export type ErrorCode = keyof typeof ErrorCode;

export const errorCodes = Object.keys(ErrorCode) as ErrorCode[];
