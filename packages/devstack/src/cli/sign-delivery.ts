/**
 * `npm run -s qstash:sign -- <url> [<body file>]`: prints the `Upstash-Signature` QStash would send
 * with this exact body to this exact URL, signed with the local current signing key (the one
 * `npm start` gives the Worker). The body is read from the file, or from stdin when it is omitted
 * or `-`; send the very same bytes (`curl --data-binary @<body file>`) and an `Upstash-Message-Id`.
 */
import { readFileSync } from 'node:fs';
import { readLocalCredentials } from '../local-credentials';
import { signQStashDelivery } from '../qstash';

const [url, bodyFile = '-'] = process.argv.slice(2);
if (url === undefined || !/^https?:\/\/\S+$/.test(url)) {
  console.error('usage: npm run -s qstash:sign -- <url> [<body file> | -]');
  process.exit(2);
}
// File descriptor 0: stdin.
const body = readFileSync(bodyFile === '-' ? 0 : bodyFile, 'utf8');
const { qstashCurrentSigningKey } = readLocalCredentials();
console.log(await signQStashDelivery({ signingKey: qstashCurrentSigningKey, url, body }));
