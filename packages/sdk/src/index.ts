export { encodeAuthorizeSession } from '@ost-wallet/contracts';
export {
  type ApiClient,
  type ApiClientOptions,
  createApiClient,
  type DeviceCredentials,
} from './api/createApiClient.ts';
export {
  createWalletSdk,
  type WalletSdk,
  type WalletSdkOptions,
} from './createWalletSdk.ts';
export { fromErrorBody, toWalletSdkError, WalletSdkError } from './errors/index.ts';
export {
  DEVICE_OWNER_KEY_PATH,
  type DeriveRecoveryOwnerAddressParameters,
  deriveRecoveryOwnerAddress,
  generateDeviceMnemonic,
  generatePrivateKey,
  mnemonicToDeviceOwnerKey,
  PIN_SCRYPT_PARAMS,
  type ScryptParams,
  toPrivateKeyHex,
} from './keys/index.ts';
export {
  createKeystore,
  KEYSTORE_SCRYPT_PARAMS,
  type Keystore,
  type KeystoreOptions,
} from './keystore/index.ts';
export type { LocalSession, LocalUser } from './state/createLocalState.ts';
export { createMemoryStorage, type WalletStorage } from './storage/index.ts';
export {
  assertExpiryAfterSecs,
  DEFAULT_MAX_EXPIRY_AFTER_SECS,
} from './utils/assertExpiryAfterSecs.ts';
export { assertSpendingLimit } from './utils/assertSpendingLimit.ts';
export { fromSmallestUnit } from './utils/fromSmallestUnit.ts';
export type { Logger } from './utils/logger.ts';
export { toSmallestUnit } from './utils/toSmallestUnit.ts';
export { MIN_PIN_LENGTH } from './workflows/activateUser.ts';
export type { RuleName } from './workflows/executeTransaction.ts';
export { MAX_PIN_ATTEMPTS } from './workflows/internal/authenticateUser.ts';
export type {
  ContextEntity,
  PinAcceptor,
  RegisterDeviceCallback,
  RegisterDeviceParams,
  VerifyDataAcceptor,
  WorkflowContext,
  WorkflowDelegate,
  WorkflowHandle,
  WorkflowType,
} from './workflows/types.ts';
