export {
  type DeriveRecoveryOwnerAddressParameters,
  deriveRecoveryOwnerAddress,
  PIN_SCRYPT_PARAMS,
  type ScryptParams,
} from './deriveRecoveryOwnerAddress.ts';
export { generateDeviceMnemonic } from './generateDeviceMnemonic.ts';
export { generatePrivateKey } from './generatePrivateKey.ts';
export {
  DEVICE_OWNER_KEY_PATH,
  mnemonicToDeviceOwnerKey,
} from './mnemonicToDeviceOwnerKey.ts';
export { toPrivateKeyHex } from './toPrivateKeyHex.ts';
