import type { Device, EntityType } from '@ost-wallet/protocol';
import type { WalletSdkError } from '../errors/WalletSdkError.ts';

/** The kinds of workflow the SDK runs. */
export type WorkflowType =
  | 'SETUP_DEVICE'
  | 'ACTIVATE_USER'
  | 'ADD_SESSION'
  | 'EXECUTE_TRANSACTION'
  | 'REVOKE_SESSION'
  | 'LOGOUT_ALL_SESSIONS'
  | 'GET_DEVICE_MNEMONICS'
  | 'AUTHORIZE_DEVICE_WITH_MNEMONICS';

/** Which workflow a delegate call belongs to. */
export type WorkflowContext = { workflowId: string; workflowType: WorkflowType };

/** What a workflow reports: the entity and its type (`SESSION`, `TRANSACTION`, …). */
export type ContextEntity<T = unknown> = { entityType: EntityType; entity: T };

/** The parameters the app's server needs to register this device with the partner API. */
export type RegisterDeviceParams = {
  user_id: string;
  /** The device owner key's address. */
  device_address: `0x${string}`;
  /** The device's API-signer key address. */
  api_signer_address: `0x${string}`;
};

/** How the app answers {@link WorkflowDelegate.registerDevice}. */
export type RegisterDeviceCallback = {
  /** The partner API registered the device; pass the device entity it answered. */
  deviceRegistered(entity: Device | Record<string, unknown>): void;
  /** Give up: the workflow ends with `WORKFLOW_CANCELLED`. */
  cancelFlow(): void;
};

/** How the app answers a PIN request. */
export type PinAcceptor = {
  /** The user typed the PIN; the passphrase prefix is the app's constant. */
  pinEntered(pin: string, passphrasePrefix?: string): void;
  /** The user gave up: the workflow ends with `WORKFLOW_CANCELLED`. */
  cancelFlow(): void;
};

/** How the app answers {@link WorkflowDelegate.verifyData}. */
export type VerifyDataAcceptor = { dataVerified(): void; cancelFlow(): void };

/**
 * The app's side of a workflow. `flowComplete` and `flowInterrupt` are required and
 * exactly one of them is called, once, per workflow. Every other method is optional.
 * A delegate method that throws is logged and otherwise ignored.
 */
export type WorkflowDelegate = {
  /** setupDevice: send `apiParams` to your server, which registers the device through the partner API. */
  registerDevice?(
    apiParams: RegisterDeviceParams,
    callback: RegisterDeviceCallback,
  ): void;
  /** Ask the user for the PIN. */
  getPin?(context: WorkflowContext, userId: string, accept: PinAcceptor): void;
  /** The PIN was wrong and attempts remain: ask again. Falls back to `getPin` when absent. */
  invalidPin?(context: WorkflowContext, userId: string, accept: PinAcceptor): void;
  /** The PIN was right; the workflow goes on. */
  pinValidated?(context: WorkflowContext, userId: string): void;
  /** Show data to confirm before acting. */
  verifyData?(
    context: WorkflowContext,
    entity: ContextEntity,
    accept: VerifyDataAcceptor,
  ): void;
  /** The platform accepted the request; the chain part is pending. */
  requestAcknowledged?(context: WorkflowContext, entity: ContextEntity): void;
  /** The workflow succeeded. */
  flowComplete(context: WorkflowContext, entity: ContextEntity): void;
  /** The workflow ended without success (including cancellation). */
  flowInterrupt(context: WorkflowContext, error: WalletSdkError): void;
};

/** What every workflow call returns at once. */
export type WorkflowHandle<T = unknown> = {
  workflowId: string;
  /** Resolves with the entity `flowComplete` got; rejects with the error `flowInterrupt` got. */
  result: Promise<ContextEntity<T>>;
  /** Ends the workflow with `WORKFLOW_CANCELLED` (no effect once it has ended). */
  cancel(): void;
};
