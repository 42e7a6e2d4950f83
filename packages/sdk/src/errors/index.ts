export { fromErrorBody, toWalletSdkError } from './toWalletSdkError.ts';
export { WalletSdkError } from './WalletSdkError.ts';
