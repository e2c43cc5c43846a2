import { z } from 'zod';

// base64url of a P-256 coordinate or scalar: 32 bytes, 43 characters.
const coordinate = z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'must be 32 bytes of base64url');
const keyId = z.string().regex(/^[\w.-]{1,64}$/, 'must be 1-64 letters, digits, dots, dashes or underscores');

const PublicJwk = z.object({
  kty: z.literal('EC'),
  crv: z.literal('P-256'),
  x: coordinate,
  y: coordinate,
  kid: keyId,
  alg: z.literal('ES256').optional(),
  use: z.literal('sig').optional(),
});

const PrivateJwk = PublicJwk.extend({ d: coordinate });

export type PublicTokenKey = z.infer<typeof PublicJwk>;
export type PrivateTokenKey = z.infer<typeof PrivateJwk>;

/** A JSON-encoded JWK as a variable: parsed, then checked; the problem names the variable. */
const jsonOf = <T extends z.ZodType>(schema: T, expected: string) =>
  z
    .string()
    .transform((raw, context) => {
      try {
        return JSON.parse(raw) as unknown;
      } catch {
        context.addIssue({ code: 'custom', message: `must be ${expected} as JSON` });
        return z.NEVER;
      }
    })
    .pipe(schema);

/** `TOKEN_SIGNING_KEY`: an ES256 private key as a JWK with its `kid`. */
export const TokenSigningKey = jsonOf(PrivateJwk, 'an EC P-256 private JWK with a kid');

/** `TOKEN_RETIRED_KEYS`: public JWKs still accepted, each with a distinct `kid`. */
export const RetiredTokenKeys = jsonOf(
  z
    .array(PublicJwk)
    .max(5)
    .refine((keys) => new Set(keys.map((key) => key.kid)).size === keys.length, 'must have distinct kids'),
  'an array of EC P-256 public JWKs',
);
