export { findAnvil } from './findAnvil.ts';
export { getFreePort } from './getFreePort.ts';
export {
  ANVIL_TEST_MNEMONIC,
  type Devchain,
  type DevchainAccount,
  type DevchainOptions,
  startDevchain,
} from './startDevchain.ts';
