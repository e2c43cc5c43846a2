export { DOCS_UI_BUNDLE, type VendoredDocsUi, vendorDocsUi, WORKER_ASSETS_DIR } from './docs-ui/vendor';
export { redactUrl } from './local-config';
export {
  CREDENTIAL_VARIABLES,
  type CredentialVariable,
  credentialVarsToPass,
  type LocalCredentials,
  readDotenvFile,
  readLocalCredentials,
} from './local-credentials';
export { formatLocalStackMap, type LocalStackMap } from './local-map';
export {
  type CapturedApiCall,
  PARTNERS,
  type PartnerName,
  type Partners,
  type PartnersOptions,
  startPartners,
} from './partners/server';
export { assertPortFree, freePort, PortInUseError, portFromEnv } from './ports';
export { connectFromNode, type DatabaseTarget } from './postgres/connect';
export { startEmbeddedPostgres } from './postgres/embedded';
export { applyMigrations, MIGRATIONS_FOLDER } from './postgres/migrate';
export { startPostgresBridge, targetOf } from './postgres/ws-bridge';
export type { DlqMessage } from './qstash/dead-letter-queue';
export type { QStashDeliveryAttempt, QStashDeliveryOptions } from './qstash/delivery';
export { type QStashStandIn, type QStashStandInOptions, startQStashStandIn } from './qstash/server';
export type { CapturedEmail } from './resend/mailbox';
export { type ResendStandIn, type ResendStandInOptions, startResendStandIn } from './resend/server';
export { type FixedApiKey, seedApiKeys } from './seed/api-keys';
export { seedDemoData } from './seed/demo';
export { type DatabaseStack, EMBEDDED_DATA_DIR, REPOSITORY_ROOT, startDatabaseStack } from './stack';
export type { StripeEvent } from './stripe/events';
export {
  DEFAULT_STAND_IN_SECRET_KEY,
  STRIPE_API_VERSION,
  type StripeStandIn,
  type StripeStandInOptions,
  startStripeStandIn,
} from './stripe/server';
export type { DeliveryAttempt, ReleaseOrder, WebhookDeliveryOptions } from './stripe/webhook-delivery';
export type { WebhookEndpointConfig } from './stripe/webhook-endpoints';
export { stripeSignatureHeader } from './stripe/webhook-signature';
export { startUpstashRedis, type UpstashRedis, type UpstashRedisOptions } from './upstash-redis/server';
