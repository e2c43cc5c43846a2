export {
  type AccountEmail,
  type AccountTokenPurpose,
  findLiveAccountToken,
  issueAccountEmailTo,
  pruneDeadAccountTokens,
  requestPasswordReset,
  resetPassword,
  verifyEmail,
} from './account-tokens';
export {
  type AddressBookEntry,
  type AddressWrite,
  addAddress,
  deleteAddress,
  listAddresses,
  MAX_ADDRESSES,
  type PostalAddress,
  readAddress,
  updateAddress,
} from './addresses';
export { adoptCustomerCart, findCustomerCart, forgetCustomerCart } from './carts';
export {
  type CustomerCredentials,
  changePassword,
  findCustomerCredentials,
  findPasswordHash,
  replacePasswordHash,
} from './credentials';
export { type CustomerExport, eraseCustomer, exportCustomer, type SessionRecord } from './erasure';
export { type NewCustomer, registerCustomer } from './register';
export {
  type NewRefreshToken,
  openSession,
  type Rotation,
  revokeSession,
  revokeSessionOfToken,
  rotateRefreshToken,
} from './sessions';
export {
  changedProfileFields,
  type ProfileField,
  type ProfilePatch,
  updateCustomerProfile,
} from './update-profile';
export { type CustomerView, customerViewJson, readCustomer, readCustomerForToken } from './view';
