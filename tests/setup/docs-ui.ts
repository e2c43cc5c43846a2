import { vendorDocsUi } from '@edge-commerce/devstack';

/**
 * `npm install` copies the reference UI's bundle into the Worker's assets; the suites that
 * serve `/docs` make sure of it again, so they never test a missing or stale copy.
 */
export function setup(): void {
  vendorDocsUi();
}
