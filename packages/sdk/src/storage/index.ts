export { createMemoryStorage } from './createMemoryStorage.ts';
export type { WalletStorage } from './WalletStorage.ts';
