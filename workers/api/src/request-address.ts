/**
 * A request's path and query exactly as sent, without scheme and host: what the warm catalog
 * path recognises a repeated request by, and what request logs show. Sliced from the URL string
 * rather than parsed, because the warm path runs it on every request.
 */
export function requestAddress(url: string): string {
  const start = url.indexOf('/', url.indexOf('//') + 2);
  return start < 0 ? '/' : url.slice(start);
}

/** The path alone. */
export function requestPath(url: string): string {
  const address = requestAddress(url);
  const query = address.indexOf('?');
  return query < 0 ? address : address.slice(0, query);
}
