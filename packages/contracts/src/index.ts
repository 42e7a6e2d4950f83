export type {
  CreateUserWalletParameters,
  EncodeCreateUserWalletParameters,
  InitialSession,
  UserWallet,
} from './deploy/createUserWallet.ts';
export {
  createUserWallet,
  encodeCreateUserWallet,
  toUserSalt,
} from './deploy/createUserWallet.ts';
export { type DeployEconomyParameters, deployEconomy } from './deploy/deployEconomy.ts';
export type { EconomyManifest } from './deploy/EconomyManifest.ts';
export { encodeAddDeviceOwner } from './encode/encodeAddDeviceOwner.ts';
export {
  type EncodeAuthorizeSessionParameters,
  encodeAuthorizeSession,
} from './encode/encodeAuthorizeSession.ts';
export {
  type EncodeDirectTransfersParameters,
  encodeDirectTransfers,
} from './encode/encodeDirectTransfers.ts';
export {
  type EncodeExecTransactionParameters,
  encodeExecTransaction,
} from './encode/encodeExecTransaction.ts';
export { encodeLogout } from './encode/encodeLogout.ts';
export { encodeRevokeSession } from './encode/encodeRevokeSession.ts';
export {
  decodeTokenHolderError,
  type TokenHolderErrorName,
} from './errors/decodeTokenHolderError.ts';
export * from './generated/index.ts';
export {
  executeRuleTypes,
  type GetExecuteRuleTypedDataParameters,
  getExecuteRuleTypedData,
} from './typedData/getExecuteRuleTypedData.ts';
export {
  abortRecoveryTypes,
  getAbortRecoveryTypedData,
  getInitiateRecoveryTypedData,
  initiateRecoveryTypes,
  type RecoveryTypedDataParameters,
} from './typedData/getInitiateRecoveryTypedData.ts';
export { getRecoveryDomain } from './typedData/getRecoveryDomain.ts';
export {
  type GetResetRecoveryOwnerTypedDataParameters,
  getResetRecoveryOwnerTypedData,
  resetRecoveryOwnerTypes,
} from './typedData/getResetRecoveryOwnerTypedData.ts';
export {
  type GetSafeTxTypedDataParameters,
  getSafeTxTypedData,
  safeTxTypes,
} from './typedData/getSafeTxTypedData.ts';
