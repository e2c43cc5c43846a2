// What every answer of the API must be, whatever it was sent: never a 5xx; every 4xx an RFC 9457
// problem with this API's members, and never the backstop's invalid_value (ADR 14: a value that
// reached Postgres unchecked is a defect, even though the client gets a 400); no stack trace and
// no configured secret anywhere in it.

const STACK_TRACE = [
  /\bat (?:async )?[\w$.<>[\]]+ \(?[^\s()]+:\d+:\d+\)?/, // "at handler (file.ts:12:5)"
  /\bat [^\s()]+:\d+:\d+/, // "at file.js:12:5"
  /\b\w*Error: [^\n]*\n\s+at /, // "TypeError: x\n    at"
  /node_modules\//,
  /\.(?:ts|js|mjs):\d+:\d+/,
];

/** Why `response` (whose body is `text`) breaks the invariants; empty when it holds them. */
export function brokenInvariants(response: Response, text: string, secrets: readonly string[]): string[] {
  const broken: string[] = [];
  const { status } = response;
  if (status >= 500) broken.push(`answered ${status}: no input may cause a 5xx`);
  if (status >= 400 && status < 500) broken.push(...problemDefects(response, text));
  for (const pattern of STACK_TRACE) {
    const match = pattern.exec(text);
    if (match) {
      broken.push(`the body holds what looks like a stack trace: ${JSON.stringify(match[0])}`);
      break;
    }
  }
  const headers = [...response.headers].map(([name, value]) => `${name}: ${value}`).join('\n');
  for (const secret of secrets) {
    if (text.includes(secret)) broken.push(`the body holds a configured secret (${secret.slice(0, 10)}…)`);
    if (headers.includes(secret)) broken.push(`a header holds a configured secret (${secret.slice(0, 10)}…)`);
  }
  if (!response.headers.get('X-Request-Id')) broken.push('no X-Request-Id header');
  return broken;
}

function problemDefects(response: Response, text: string): string[] {
  const defects: string[] = [];
  const contentType = response.headers.get('Content-Type') ?? '';
  if (!/^application\/problem\+json\b/i.test(contentType)) {
    defects.push(
      `a ${response.status} with Content-Type ${JSON.stringify(contentType)}, not application/problem+json`,
    );
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return [...defects, `a ${response.status} whose body is not JSON`];
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return [...defects, `a ${response.status} whose body is not a JSON object`];
  }
  const problem = body as Record<string, unknown>;
  for (const member of ['type', 'title', 'code', 'requestId'] as const) {
    if (typeof problem[member] !== 'string' || problem[member] === '') {
      defects.push(`the problem has no ${member} string`);
    }
  }
  if (problem.status !== response.status) {
    defects.push(
      `the problem's status ${JSON.stringify(problem.status)} is not the HTTP status ${response.status}`,
    );
  }
  // Only the backstop answers invalid_value: Postgres refused a value that validation let in.
  if (problem.code === 'invalid_value') {
    defects.push(
      'the database refused a value that validation let through (the ADR 14 backstop answered): check it at the input boundary',
    );
  }
  const requestId = response.headers.get('X-Request-Id');
  if (requestId && typeof problem.requestId === 'string' && problem.requestId !== requestId) {
    defects.push(`the problem's requestId ${problem.requestId} is not the X-Request-Id ${requestId}`);
  }
  return defects;
}
