import { ApiError } from '../errors/problem';

/**
 * 401 with the challenge RFC 9110 asks for, naming the scheme the client should use; with
 * `invalid_token` (RFC 6750 §3.1) when a token was sent but is expired, revoked or forged, so a
 * client knows to refresh or sign in again rather than to add a missing header.
 */
export function unauthorized(detail: string, error?: 'invalid_token'): ApiError {
  const challenge = error ? `Bearer realm="edge-commerce", error="${error}"` : 'Bearer realm="edge-commerce"';
  return new ApiError('unauthorized', detail, { headers: { 'WWW-Authenticate': challenge } });
}
