import { z } from '@hono/zod-openapi';
import { CUSTOMER_EXAMPLE, Customer, Email } from '../customers/schemas';
import { Integer } from '../openapi/bounded';

export const Login = z
  .strictObject({
    email: Email,
    // Not the registration rules: a login checks the password it is given, whatever it is.
    password: z.string().min(1).max(1_024).openapi({ example: 'correct horse battery staple' }),
  })
  .openapi('Login');

const RefreshTokenField = z
  .string()
  .max(100)
  .openapi({ description: 'The `refreshToken` of the last session answer.', example: 'rt_Vq2…' });

export const RefreshRequest = z.strictObject({ refreshToken: RefreshTokenField }).openapi('RefreshRequest');
export const LogoutRequest = z.strictObject({ refreshToken: RefreshTokenField }).openapi('LogoutRequest');

export const Session = z
  .object({
    accessToken: z.string().max(2_000).openapi({
      description:
        'An ES256 JWT: send it as `Authorization: Bearer <accessToken>`. Keys: `/.well-known/jwks.json`.',
    }),
    tokenType: z.literal('Bearer'),
    expiresIn: Integer(1, 3_600).openapi({
      description: 'Seconds the access token is good for.',
      example: 900,
    }),
    refreshToken: z.string().max(100).openapi({
      description: 'Good for one `POST /v1/auth/refresh`, which answers a new one. Keep it secret.',
    }),
    customer: Customer,
  })
  .openapi('Session');

export const SESSION_EXAMPLE = {
  accessToken: 'eyJhbGciOiJFUzI1NiIsImtpZCI6ImxvY2FsLTEiLCJ0eXAiOiJhdCtqd3QifQ.eyJzdWIiOiJjdXNfMDEifQ.c2ln',
  tokenType: 'Bearer',
  expiresIn: 900,
  refreshToken: 'rt_Vq2Jm8Xw4Lk1Tb7Rn5Yc9Hd3Pz6sWq0EaTg2UjN4rKf',
  customer: CUSTOMER_EXAMPLE,
};
