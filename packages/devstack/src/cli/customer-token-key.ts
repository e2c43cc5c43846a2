import { newCustomerTokenKey } from '../customer-token-key';

// `npm run -s token-key -- [kid]`: prints a new CUSTOMER_TOKEN_SIGNING_KEY (for `wrangler secret
// put`) and the public JWK to add to CUSTOMER_TOKEN_RETIRED_KEYS when the next key replaces it.
const kid = process.argv[2] ?? new Date().toISOString().slice(0, 10);
if (!/^[\w.-]{1,64}$/.test(kid)) {
  console.error('The key id must be 1-64 letters, digits, dots, dashes or underscores.');
  process.exit(2);
}
const { privateJwk, publicJwk } = await newCustomerTokenKey(kid);
console.log(`CUSTOMER_TOKEN_SIGNING_KEY=${JSON.stringify(privateJwk)}`);
console.log(`# its public half, for CUSTOMER_TOKEN_RETIRED_KEYS after the next rotation:`);
console.log(`# ${JSON.stringify(publicJwk)}`);
