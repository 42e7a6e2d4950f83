/**
 * A workflow delegate that prints every callback as it arrives and answers the two
 * that need an answer: `registerDevice` (through the app server) and `getPin`.
 * The PIN itself is never printed, only that it was given.
 */
import { describeError, type Output } from './createOutput.ts';
import { entityLine, type FormatAmount, summarizeEntity } from './describeEntity.ts';

/** What the printing delegate needs from its caller. */
export type PrintingDelegateOptions = {
  output: Output;
  /** A name for the workflow in the lines printed, e.g. `'addSession'`. */
  workflow: string;
  formatAmount?: FormatAmount;
  /** Answers `registerDevice`: the app server registers the device with the platform. */
  registerDevice?: (apiParams: unknown) => Promise<unknown>;
  /** Answers `getPin`. */
  getPin?: () => Promise<string>;
  /** Indentation of the human lines. */
  indent?: string;
  /** Called after each callback was printed, with its name (tests and the demo check order). */
  onCallback?: (name: string, payload: unknown) => void;
};

type AnyFn = (...args: never[]) => unknown;

/**
 * Creates the delegate.
 * @returns an object with every delegate callback of the SDK
 */
export function createPrintingDelegate(options: PrintingDelegateOptions) {
  const { output, workflow, formatAmount } = options;
  const indent = options.indent ?? '';
  const print = (callback: string, data: Record<string, unknown>, text: string) => {
    output.event(
      'callback',
      { workflow, callback, ...data },
      `${indent}← ${callback.padEnd(19)} ${text}`,
    );
  };
  const failed = (callback: string, err: unknown) => {
    const { code, message } = describeError(err);
    print(callback, { error: { code, message } }, `failed: ${code}: ${message}`);
  };

  return {
    registerDevice(
      apiParams: unknown,
      callback: { deviceRegistered?: AnyFn; cancelFlow?: AnyFn } | AnyFn,
    ) {
      const summary = summarizeEntity(apiParams);
      print(
        'registerDevice',
        { params: summary },
        `${JSON.stringify(summary)} → app server registers it`,
      );
      options.onCallback?.('registerDevice', apiParams);
      void answerRegisterDevice(options, apiParams, callback).catch((err) =>
        failed('registerDevice', err),
      );
    },
    getPin(_context: unknown, userId: string, accept: unknown) {
      print('getPin', { user_id: userId }, `user ${userId}: PIN given`);
      options.onCallback?.('getPin', userId);
      void answerPin(options, accept).catch((err) => failed('getPin', err));
    },
    invalidPin(_context: unknown, userId: string, accept: unknown) {
      print('invalidPin', { user_id: userId }, `user ${userId}: PIN refused`);
      options.onCallback?.('invalidPin', userId);
      void answerPin(options, accept).catch((err) => failed('invalidPin', err));
    },
    pinValidated(_context: unknown, userId: string) {
      print('pinValidated', { user_id: userId }, `user ${userId}`);
      options.onCallback?.('pinValidated', userId);
    },
    requestAcknowledged(_context: unknown, entity: unknown) {
      const summary = summarizeEntity(entity, formatAmount);
      print('requestAcknowledged', { entity: summary }, entityLine(summary));
      options.onCallback?.('requestAcknowledged', entity);
    },
    flowComplete(_context: unknown, entity: unknown) {
      const summary = summarizeEntity(entity, formatAmount);
      print('flowComplete', { entity: summary }, entityLine(summary));
      options.onCallback?.('flowComplete', entity);
    },
    flowInterrupt(_context: unknown, error: unknown) {
      const { code, message } = describeError(error);
      print('flowInterrupt', { error: { code, message } }, `${code}: ${message}`);
      options.onCallback?.('flowInterrupt', error);
    },
  };
}

async function answerRegisterDevice(
  options: PrintingDelegateOptions,
  apiParams: unknown,
  callback: unknown,
): Promise<void> {
  if (!options.registerDevice) throw new Error('no app server to register the device');
  const device = await options.registerDevice(apiParams);
  const cb = callback as
    | { deviceRegistered?: (d: unknown) => void }
    | ((d: unknown) => void);
  if (typeof cb === 'function') cb(device);
  else cb.deviceRegistered?.(device);
}

async function answerPin(
  options: PrintingDelegateOptions,
  accept: unknown,
): Promise<void> {
  if (!options.getPin) throw new Error('no PIN source');
  const pin = await options.getPin();
  const a = accept as { pinEntered?: (p: string) => void } | ((p: string) => void);
  if (typeof a === 'function') a(pin);
  else a.pinEntered?.(pin);
}
