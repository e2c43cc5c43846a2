// Statuses whose responses have no body: a Response built with one, even an empty one, throws.
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

/**
 * The response with its body read into memory, so the call that fetched it is over at once. A
 * test file runs in one request context, and Workers keep at most six of its connections open,
 * queueing the rest until one closes: a race whose 409 bodies nobody reads must not hold them
 * until the garbage collector gets round to it.
 */
export async function buffered(response: Response): Promise<Response> {
  const body = NULL_BODY_STATUSES.has(response.status) ? null : await response.arrayBuffer();
  return new Response(body, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
}
