/**
 * A workflow delegate that prints every callback as it arrives and answers the two
 * that need an answer: `registerDevice` (through the app server) and `getPin`.
 * The PIN itself is never printed, only that it was given.
 */
import type {
  ContextEntity,
  PinAcceptor,
  RegisterDeviceParams,
  WorkflowDelegate,
} from '@ost-wallet/sdk';
import { describeError, type Output } from './createOutput.ts';
import { entityLine, type FormatAmount, summarizeEntity } from './describeEntity.ts';

/** What the printing delegate needs from its caller. */
export type PrintingDelegateOptions = {
  output: Output;
  /** A name for the workflow in the lines printed, e.g. `'addSession'`. */
  workflow: string;
  formatAmount?: FormatAmount;
  /** Answers `registerDevice`: the app server registers the device with the platform. */
  registerDevice?: (params: RegisterDeviceParams) => Promise<unknown>;
  /** Answers `getPin` and `invalidPin`: the PIN and the app's passphrase prefix. */
  getPin?: () => Promise<{ pin: string; passphrasePrefix: string }>;
  /** Indentation of the human lines. */
  indent?: string;
  /**
   * `'event'` (the demo): each callback is an event on stdout, a JSON line with `--json`.
   * `'progress'` (commands): each callback is a human line on stderr and silent with
   * `--json`, so stdout holds only the command's result.
   * @default 'event'
   */
  report?: 'event' | 'progress';
  /** Called after each callback was printed, with its name (the demo checks the order). */
  onCallback?: (name: string, payload: unknown) => void;
};

/**
 * Creates the delegate.
 * @returns a {@link WorkflowDelegate} with every callback
 */
export function createPrintingDelegate(
  options: PrintingDelegateOptions,
): WorkflowDelegate {
  const { output, workflow, formatAmount } = options;
  const indent = options.indent ?? '';
  const print = (callback: string, data: Record<string, unknown>, text: string) => {
    const line = `${indent}← ${callback.padEnd(19)} ${text}`;
    if (options.report === 'progress') output.progress(line);
    else output.event('callback', { workflow, callback, ...data }, line);
    options.onCallback?.(callback, data);
  };
  const printEntity = (callback: string, { entityType, entity }: ContextEntity) => {
    const summary = summarizeEntity(entity, formatAmount);
    print(callback, { entity_type: entityType, entity: summary }, entityLine(summary));
  };
  const answerPin = (callback: string, userId: string, accept: PinAcceptor) => {
    print(callback, { user_id: userId }, `user ${userId}: asking for the PIN`);
    if (!options.getPin) return accept.cancelFlow();
    options.getPin().then(
      ({ pin, passphrasePrefix }) => accept.pinEntered(pin, passphrasePrefix),
      () => accept.cancelFlow(),
    );
  };

  return {
    registerDevice(params, callback) {
      print(
        'registerDevice',
        {
          device_address: params.device_address,
          api_signer_address: params.api_signer_address,
        },
        `device ${params.device_address} → the app server registers it (partner API)`,
      );
      if (!options.registerDevice) return callback.cancelFlow();
      options.registerDevice(params).then(
        (device) => callback.deviceRegistered(device as Record<string, unknown>),
        (err) => {
          const { code, message } = describeError(err);
          print(
            'registerDevice',
            { error: { code, message } },
            `app server failed: ${code}: ${message}`,
          );
          callback.cancelFlow();
        },
      );
    },
    getPin: (_context, userId, accept) => answerPin('getPin', userId, accept),
    invalidPin: (_context, userId, accept) => answerPin('invalidPin', userId, accept),
    pinValidated(_context, userId) {
      print('pinValidated', { user_id: userId }, `user ${userId}`);
    },
    requestAcknowledged: (_context, entity) => printEntity('requestAcknowledged', entity),
    flowComplete: (_context, entity) => printEntity('flowComplete', entity),
    flowInterrupt(_context, error) {
      const { code, message } = describeError(error);
      print('flowInterrupt', { error: { code, message } }, `${code}: ${message}`);
    },
  };
}
