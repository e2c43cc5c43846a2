// The calls the bench's fixtures make while setting up, before anything is measured.

const SETUP_CONCURRENCY = 16;

/** A cart route called as the cart's holder; a body of `undefined` sends none. */
export function cartRequest(
  apiUrl: string,
  method: 'POST' | 'PUT' | 'PATCH' | 'GET',
  path: string,
  token: string | null,
  body?: unknown,
): Promise<Response> {
  return fetch(`${apiUrl}${path}`, {
    method,
    headers: { 'Content-Type': 'application/json', ...(token ? { 'X-Cart-Token': token } : {}) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

/** The body of a response of `status`; any other status fails the setup with what it said. */
export async function json<T>(response: Response, status: number): Promise<T> {
  const text = await response.text();
  if (response.status !== status) {
    throw new Error(
      `${response.url} answered ${response.status} (expected ${status}): ${text.slice(0, 500)}`,
    );
  }
  return JSON.parse(text) as T;
}

/** Maps with at most SETUP_CONCURRENCY calls in flight, keeping the order. */
export async function inParallel<In, Out>(
  items: In[],
  work: (item: In, index: number) => Promise<Out>,
): Promise<Out[]> {
  const results: Out[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as In, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(SETUP_CONCURRENCY, items.length) }, worker));
  return results;
}
