import { newTokenKey } from '../token-key';

// `npm run -s token-key -- [kid]`: prints a new TOKEN_SIGNING_KEY (for `wrangler secret
// put`) and the public JWK to add to TOKEN_RETIRED_KEYS when the next key replaces it.
const kid = process.argv[2] ?? new Date().toISOString().slice(0, 10);
if (!/^[\w.-]{1,64}$/.test(kid)) {
  console.error('The key id must be 1-64 letters, digits, dots, dashes or underscores.');
  process.exit(2);
}
const { privateJwk, publicJwk } = await newTokenKey(kid);
console.log(`TOKEN_SIGNING_KEY=${JSON.stringify(privateJwk)}`);
console.log(`# its public half, for TOKEN_RETIRED_KEYS after the next rotation:`);
console.log(`# ${JSON.stringify(publicJwk)}`);
