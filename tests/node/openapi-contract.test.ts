import { Document, Spectral } from '@stoplight/spectral-core';
import owasp from '@stoplight/spectral-owasp-ruleset';
import { Json } from '@stoplight/spectral-parsers';
import { oas } from '@stoplight/spectral-rulesets';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../workers/api/src/app';

// The contract gate (ADR 15): /openapi.json passes Spectral's OpenAPI ruleset, whose example
// rules validate every example against its schema, and OWASP's API Security ruleset (bounds on
// every string, integer and array; 429s and RateLimit-* fields; CORS), with no errors. Warnings
// are reported by `npm run lint:openapi`, not failed on.

const env = { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none', ENVIRONMENT: 'test', LOG_LEVEL: 'error' };

async function lint() {
  const response = await createApp().request('/openapi.json', {}, env);
  const spectral = new Spectral();
  spectral.setRuleset({ extends: [[oas, 'recommended'], owasp] } as never);
  return spectral.run(new Document(await response.text(), Json, 'openapi.json'));
}

// Deliberate departures, each with its reason, and each an explicit empty `security` that
// Spectral reports. Opening a cart is a shopper's first call and takes no credential by design:
// the cart's token is what it returns; the anonymous rate limit bounds it (ADR 15, ADR 21).
// Registering, signing in, refreshing and signing out are how a customer gets a credential (or
// carry it in the body: the refresh token), and the OAuth token endpoint authenticates its
// client in its own way (Basic or the form, RFC 6749 §2.3); strict buckets bound the first two
// (ADR 23, ADR 24). Verifying an address and resetting a password carry their credential in the
// body, the single-use token an email delivered, and asking for a reset is how a customer who
// forgot their password gets one; strict buckets bound that one (ADR 25). Client credentials issue no refresh token (RFC 6749 §4.4.3): a client asks
// again when its short-lived token expires, which Spectral takes for tokens that never expire.
const INTENDED = new Set([
  'owasp:api2:2023-write-restricted at paths./v1/carts.post.security',
  'owasp:api2:2023-write-restricted at paths./v1/customers.post.security',
  'owasp:api2:2023-write-restricted at paths./v1/auth/login.post.security',
  'owasp:api2:2023-write-restricted at paths./v1/auth/refresh.post.security',
  'owasp:api2:2023-write-restricted at paths./v1/auth/logout.post.security',
  'owasp:api2:2023-write-restricted at paths./v1/oauth/token.post.security',
  'owasp:api2:2023-write-restricted at paths./v1/auth/verify-email.post.security',
  'owasp:api2:2023-write-restricted at paths./v1/auth/password-reset.post.security',
  'owasp:api2:2023-write-restricted at paths./v1/auth/password-reset/confirm.post.security',
  'owasp:api2:2023-short-lived-access-tokens at components.securitySchemes.oauth2.flows.clientCredentials',
]);

describe('the OpenAPI document', () => {
  it('has no Spectral errors under the OpenAPI and OWASP API Security rulesets', async () => {
    const errors = (await lint())
      .filter((result) => result.severity === 0)
      .filter((result) => !INTENDED.has(`${result.code} at ${result.path.join('.')}`));
    expect(errors.map((error) => `${error.code} at ${error.path.join('.')}: ${error.message}`)).toEqual([]);
    // Spectral takes 8 s alone and three times that beside the Worker suite on two cores.
  }, 90_000);
});
