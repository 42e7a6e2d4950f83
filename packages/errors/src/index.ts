export { type ErrorCode, type ErrorKind, errorCatalog, isErrorCode } from './codes.ts';
export {
  isOstWalletError,
  OstWalletError,
  type OstWalletErrorOptions,
} from './OstWalletError.ts';
