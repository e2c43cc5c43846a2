export {
  newQStashSigningKey,
  QSTASH_SIGNATURE_LIFETIME_SECONDS,
  type QStashClaims,
  type QStashDelivery,
  signQStashDelivery,
} from './signer';
