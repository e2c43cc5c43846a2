import { expect } from 'vitest';

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  requestId: string;
  errors?: { path: string; message: string }[];
  [extension: string]: unknown;
}

/**
 * Asserts that a response is an RFC 9457 problem with the given status and code, carrying the
 * response's request id and no trace of a stack, and returns its body for further checks.
 */
export async function expectProblem(response: Response, status: number, code: string): Promise<ProblemBody> {
  const text = await response.text();
  expect(response.status, text).toBe(status);
  expect(response.headers.get('Content-Type')).toMatch(/^application\/problem\+json/);
  expect(text).not.toMatch(/\bat .+:\d+:\d+|node_modules|\.ts:\d+/);
  const body = JSON.parse(text) as ProblemBody;
  expect(body).toMatchObject({ status, code, type: `urn:edge-commerce:problem:${code}` });
  expect(body.title).toEqual(expect.any(String));
  expect(body.detail).toEqual(expect.any(String));
  expect(body.requestId).toBe(response.headers.get('X-Request-Id'));
  return body;
}
