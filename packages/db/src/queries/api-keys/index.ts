export { insertApiKey, type NewApiKey } from './create';
export { findLiveApiKey, type LiveApiKey, stampApiKeyUse } from './find-live';
export { listApiKeys } from './list';
export { revokeApiKey } from './revoke';
export { type RotationRefusal, rotateApiKey } from './rotate';
export { type ApiKeyView, apiKeyViewJson, readApiKey } from './view';
