import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../env';
import { ApiError } from '../errors/problem';

const JSON_MEDIA_TYPE = /^application\/([\w.-]+\+)?json$/i;
const FORM_MEDIA_TYPE = 'application/x-www-form-urlencoded';
// DELETE too: erasing an account takes the password in a JSON body.
const METHODS_WITH_BODY = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** The OAuth token endpoint takes a form, as RFC 6749 §4.4.2 says, and nothing else. */
const FORM_PATHS = new Set(['/v1/oauth/token']);

/**
 * Every request body of this API is JSON, but for the OAuth token endpoint's form. A body of
 * any other type is refused with 415 up front, rather than reaching a validator that would
 * report a confusing "expected object".
 */
export const jsonBodiesOnly = () =>
  createMiddleware<AppEnv>(async (c, next) => {
    if (METHODS_WITH_BODY.has(c.req.method) && hasBody(c.req.raw)) {
      const mediaType = (c.req.header('Content-Type') ?? '').split(';')[0]?.trim() ?? '';
      if (FORM_PATHS.has(c.req.path)) {
        if (mediaType.toLowerCase() !== FORM_MEDIA_TYPE) {
          throw new ApiError(
            'unsupported_media_type',
            `The token request must be ${FORM_MEDIA_TYPE} (RFC 6749 §4.4.2), not ${mediaType || 'untyped'}.`,
          );
        }
      } else if (!JSON_MEDIA_TYPE.test(mediaType)) {
        throw new ApiError(
          'unsupported_media_type',
          mediaType
            ? `Request bodies must be application/json, not ${mediaType}.`
            : 'Request bodies must be application/json; the Content-Type header is missing.',
        );
      }
    }
    await next();
  });

function hasBody(request: Request): boolean {
  const length = request.headers.get('Content-Length');
  if (length !== null) return length !== '0';
  return request.body !== null;
}
