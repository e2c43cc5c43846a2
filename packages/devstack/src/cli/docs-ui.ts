/**
 * `postinstall`: copies the API reference UI's browser bundle into the Worker's static assets
 * (see docs-ui/vendor.ts and ADR 13). Quiet when the bundle is already current.
 */
import { relative } from 'node:path';
import { vendorDocsUi } from '../docs-ui/vendor';
import { REPOSITORY_ROOT } from '../stack';

const vendored = vendorDocsUi();
if (vendored.copied) {
  console.log(
    `[docs-ui] @scalar/api-reference ${vendored.version} -> ${relative(REPOSITORY_ROOT, vendored.path)} (${(vendored.bytes / 1024).toFixed(0)} KiB)`,
  );
}
