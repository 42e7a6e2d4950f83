import type {
  PinAcceptor,
  RegisterDeviceCallback,
  WorkflowContext,
} from '@ost-wallet/sdk';
import { WalletSdkError } from '@ost-wallet/sdk';
import { describe, expect, it } from 'vitest';
import { createOutput } from './createOutput.ts';
import { createPrintingDelegate } from './createPrintingDelegate.ts';
import { createTestIo } from './createTestIo.ts';

const context: WorkflowContext = { workflowId: 'w1', workflowType: 'ADD_SESSION' };
const session = {
  address: '0x00000000000000000000000000000000000000aa',
  user_id: 'u1',
  spending_limit: '2500000',
  expires_at: 1_800_000_000,
  nonce: '0',
  status: 'AUTHORIZED',
  failure_reason: null,
  created_at: 1,
  updated_at: 1,
};

describe('createPrintingDelegate', () => {
  it('prints each callback as an event, the limit in tokens and the expiry as a date', () => {
    const t = createTestIo();
    const seen: string[] = [];
    const delegate = createPrintingDelegate({
      output: createOutput(t.io, { json: true, verbose: false }),
      workflow: 'addSession',
      formatAmount: (v) => `${Number(v) / 1e6} USDX`,
      onCallback: (name) => seen.push(name),
    });
    delegate.requestAcknowledged?.(context, { entityType: 'SESSION', entity: session });
    delegate.flowComplete(context, { entityType: 'SESSION', entity: session });
    delegate.flowInterrupt(context, new WalletSdkError('SESSION_EXPIRED', 'expired'));

    expect(seen).toEqual(['requestAcknowledged', 'flowComplete', 'flowInterrupt']);
    const [, complete, interrupt] = t.events();
    expect(complete).toMatchObject({
      event: 'callback',
      workflow: 'addSession',
      callback: 'flowComplete',
      entity_type: 'SESSION',
      entity: {
        spending_limit_tokens: '2.5 USDX',
        expires_at_iso: '2027-01-15T08:00:00Z',
        status: 'AUTHORIZED',
      },
    });
    expect(interrupt).toMatchObject({
      error: { code: 'SESSION_EXPIRED', message: 'expired' },
    });
  });

  it('answers getPin with the PIN and the prefix, and never prints the PIN', async () => {
    const t = createTestIo();
    const delegate = createPrintingDelegate({
      output: createOutput(t.io, { json: false, verbose: false }),
      workflow: 'addSession',
      getPin: async () => ({ pin: '918273', passphrasePrefix: 'prefix' }),
    });
    const answered = new Promise<unknown[]>((resolve) => {
      const accept: PinAcceptor = {
        pinEntered: (...args) => resolve(args),
        cancelFlow: () => resolve(['cancelled']),
      };
      delegate.getPin?.(context, 'u1', accept);
    });
    expect(await answered).toEqual(['918273', 'prefix']);
    expect(t.stdout()).toContain('getPin');
    expect(t.stdout()).not.toContain('918273');
  });

  it('answers registerDevice through the app server, and cancels when it fails', async () => {
    const t = createTestIo();
    const params = {
      user_id: 'u1',
      device_address: '0x00000000000000000000000000000000000000d1',
      api_signer_address: '0x00000000000000000000000000000000000000a1',
    } as const;
    const register = (fails: boolean) =>
      new Promise<string>((resolve) => {
        const delegate = createPrintingDelegate({
          output: createOutput(t.io, { json: false, verbose: false }),
          workflow: 'setupDevice',
          registerDevice: async (p) => {
            if (fails) throw new WalletSdkError('UNAUTHORIZED', 'bad partner key');
            return { address: p.device_address, status: 'REGISTERED' };
          },
        });
        const callback: RegisterDeviceCallback = {
          deviceRegistered: () => resolve('registered'),
          cancelFlow: () => resolve('cancelled'),
        };
        delegate.registerDevice?.(params, callback);
      });
    expect(await register(false)).toBe('registered');
    expect(await register(true)).toBe('cancelled');
    expect(t.stdout()).toContain('app server failed: UNAUTHORIZED: bad partner key');
  });
});
