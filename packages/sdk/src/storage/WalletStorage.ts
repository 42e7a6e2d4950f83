/**
 * Where the SDK keeps its state: a string key–value store. Values are JSON text;
 * secrets arrive here only encrypted by the keystore. Implementations must make each
 * `set` atomic (a reader sees the old or the new value, never half of one).
 */
export type WalletStorage = {
  /** The value under `key`, or undefined. */
  get(key: string): Promise<string | undefined>;
  /** Stores `value` under `key`, replacing any old value. */
  set(key: string, value: string): Promise<void>;
  /** Removes `key`; removing a missing key is not an error. */
  delete(key: string): Promise<void>;
};
