// Web Crypto only: Worker tests import this entry inside workerd. The stand-in (node:http) is
// exported by the package's main entry, `startQStashStandIn` from '@edge-commerce/devstack'.
export {
  newQStashSigningKey,
  QSTASH_SIGNATURE_LIFETIME_SECONDS,
  type QStashClaims,
  type QStashDelivery,
  signQStashDelivery,
} from './signer';
