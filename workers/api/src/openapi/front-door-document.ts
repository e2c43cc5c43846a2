import { ErrorCode } from '../errors/codes';

// What the front door adds to every answer, documented once for every operation: the routes do
// not add these headers, so their definitions do not carry them. New routes get them with no
// work, as they get the front door itself.

type HeaderObject = { description: string; schema: Record<string, unknown> };
type ResponseObject = { description: string; headers?: Record<string, unknown>; content?: unknown };
type Operation = { responses?: Record<string, ResponseObject> };
type Document = {
  paths?: Record<string, Record<string, Operation>>;
  components?: { headers?: Record<string, HeaderObject>; [key: string]: unknown };
};

const seconds = { type: 'integer', format: 'int32', minimum: 0, maximum: 86_400 };
const count = { type: 'integer', format: 'int32', minimum: 0, maximum: 1_000_000 };

const HEADERS: Record<string, [string, HeaderObject]> = {
  'X-Request-Id': [
    'X-Request-Id',
    {
      description: 'The id of this request in our logs: yours when you sent a sane one, else a new UUID.',
      schema: { type: 'string', maxLength: 128 },
    },
  ],
  'RateLimit-Limit': [
    'RateLimit-Limit',
    {
      description:
        'Requests a minute the caller (its API key, else its address) may send. Absent when limits are off.',
      schema: count,
    },
  ],
  'RateLimit-Remaining': [
    'RateLimit-Remaining',
    { description: 'Requests the caller has left in the current window.', schema: count },
  ],
  'RateLimit-Reset': [
    'RateLimit-Reset',
    { description: 'Seconds until the current window ends.', schema: seconds },
  ],
  'Access-Control-Allow-Origin': [
    'Access-Control-Allow-Origin',
    {
      description:
        'Present only on storefront and cart routes, for a browser origin the shop configured ' +
        '(`STOREFRONT_ORIGINS`). Admin and integration routes allow no origin and never send it.',
      schema: { type: 'string', maxLength: 200 },
    },
  ],
};

const RETRY_AFTER: [string, HeaderObject] = [
  'Retry-After',
  { description: 'Seconds to wait before sending again.', schema: seconds },
];

// Components are named after their headers, so `components.headers` reads like a response's.
const ref = (name: string) => ({ $ref: `#/components/headers/${name}` });

/** Adds the front door's headers to every response, and its 429 to every operation. */
export function documentFrontDoor<D extends object>(document: D): D {
  const doc = document as Document;
  doc.components ??= {};
  doc.components.headers ??= {};
  for (const [name, header] of [...Object.values(HEADERS), RETRY_AFTER])
    doc.components.headers[name] = header;

  for (const operations of Object.values(doc.paths ?? {})) {
    for (const operation of Object.values(operations)) {
      operation.responses ??= {};
      operation.responses['429'] ??= {
        description: `Problem: \`rate_limited\` (${ErrorCode.rate_limited.title.toLowerCase()}). Wait \`Retry-After\` seconds.`,
        headers: { 'Retry-After': ref(RETRY_AFTER[0]) },
        content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
      };
      for (const response of Object.values(operation.responses)) {
        response.headers ??= {};
        for (const [header, [component]] of Object.entries(HEADERS))
          response.headers[header] ??= ref(component);
      }
    }
  }
  return document;
}
