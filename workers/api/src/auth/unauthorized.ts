import { ApiError } from '../errors/problem';

/** 401 with the challenge RFC 9110 asks for, naming the scheme the client should use. */
export function unauthorized(detail: string): ApiError {
  return new ApiError('unauthorized', detail, {
    headers: { 'WWW-Authenticate': 'Bearer realm="edge-commerce"' },
  });
}
