export {
  createKeystore,
  KEYSTORE_SCRYPT_PARAMS,
  type Keystore,
  type KeystoreOptions,
} from './createKeystore.ts';
