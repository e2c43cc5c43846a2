import { ApiError } from '../errors/problem';

/** A client's claimed identity: the key's id and its secret (the API key itself). */
export interface ClientCredentials {
  clientId: string;
  clientSecret: string;
}

/** RFC 6749 §5.2's error: problem+json with `error` and `error_description`, as OAuth libraries read them. */
export function oauthError(
  code: 'invalid_request' | 'invalid_client' | 'unsupported_grant_type' | 'invalid_scope',
  description: string,
  headers: Record<string, string> = {},
): ApiError {
  return new ApiError(code, description, { error: code, error_description: description, headers });
}

/** `invalid_client`, with the Basic challenge RFC 6749 §5.2 asks for. */
export const invalidClient = (description: string): ApiError =>
  oauthError('invalid_client', description, { 'WWW-Authenticate': 'Basic realm="edge-commerce"' });

/**
 * The client's credentials, from `Authorization: Basic` (client_secret_basic: each part
 * form-urlencoded, RFC 6749 §2.3.1) or from the form (client_secret_post); using both is an
 * `invalid_request`, neither an `invalid_client`.
 */
export function clientCredentials(
  authorization: string | undefined,
  form: { client_id?: string; client_secret?: string },
): ClientCredentials {
  const posted = form.client_id !== undefined || form.client_secret !== undefined;
  if (authorization !== undefined) {
    if (posted)
      throw oauthError('invalid_request', 'Authenticate the client one way: Basic or the form, not both.');
    return fromBasic(authorization);
  }
  if (!posted)
    throw invalidClient('Authenticate the client: Authorization: Basic, or client_id and client_secret.');
  if (!form.client_id || !form.client_secret)
    throw invalidClient('client_secret_post needs both client_id and client_secret.');
  return { clientId: form.client_id, clientSecret: form.client_secret };
}

function fromBasic(authorization: string): ClientCredentials {
  const match = /^Basic +([A-Za-z0-9+/]+=*)$/i.exec(authorization.trim());
  if (!match?.[1]) throw invalidClient('The Authorization header is not Basic credentials.');
  let decoded: string;
  try {
    decoded = atob(match[1]);
  } catch {
    throw invalidClient('The Basic credentials are not base64.');
  }
  const colon = decoded.indexOf(':');
  if (colon < 0) throw invalidClient('The Basic credentials are not client_id:client_secret.');
  try {
    const clientId = decodeURIComponent(decoded.slice(0, colon).replaceAll('+', ' '));
    const clientSecret = decodeURIComponent(decoded.slice(colon + 1).replaceAll('+', ' '));
    if (!clientId || !clientSecret) throw new Error('empty');
    return { clientId, clientSecret };
  } catch {
    throw invalidClient('The Basic credentials are not form-encoded client_id:client_secret.');
  }
}
