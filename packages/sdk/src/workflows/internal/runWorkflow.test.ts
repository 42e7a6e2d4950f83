import { describe, expect, it, vi } from 'vitest';
import { WalletSdkError } from '../../errors/WalletSdkError.ts';
import { toSafeLogger } from '../../utils/logger.ts';
import { sleep } from '../../utils/sleep.ts';
import type { ContextEntity, PinAcceptor, WorkflowDelegate } from '../types.ts';
import { runWorkflow, type WorkflowScope } from './runWorkflow.ts';
import { waitForAnswer } from './waitForAnswer.ts';

const entity: ContextEntity<string> = { entityType: 'SESSION', entity: 's' };

function recordingDelegate(extra: Partial<WorkflowDelegate> = {}) {
  const calls: string[] = [];
  const delegate: WorkflowDelegate = {
    flowComplete: vi.fn(() => calls.push('flowComplete')),
    flowInterrupt: vi.fn(() => calls.push('flowInterrupt')),
    ...extra,
  };
  return { delegate, calls };
}

function askPin(scope: WorkflowScope) {
  return waitForAnswer<string>(scope, 'getPin', (answer, cancelFlow) => {
    const accept: PinAcceptor = { pinEntered: (pin) => answer(pin), cancelFlow };
    return scope.callDelegate('getPin', scope.context, 'u1', accept);
  });
}

const logger = toSafeLogger(undefined);
const settle = (ms = 20) => sleep(ms);

describe('runWorkflow: exactly one of flowComplete / flowInterrupt, once', () => {
  it('completes once and resolves the result', async () => {
    const { delegate, calls } = recordingDelegate();
    const handle = runWorkflow({
      type: 'ADD_SESSION',
      delegate,
      logger,
      body: async () => entity,
    });
    await expect(handle.result).resolves.toEqual(entity);
    expect(calls).toEqual(['flowComplete']);
    expect(delegate.flowComplete).toHaveBeenCalledWith(
      { workflowId: handle.workflowId, workflowType: 'ADD_SESSION' },
      entity,
    );
  });

  it('returns the handle before reporting a synchronous validation error', async () => {
    const { delegate, calls } = recordingDelegate();
    const handle = runWorkflow({
      type: 'ADD_SESSION',
      delegate,
      logger,
      body: async () => {
        throw new WalletSdkError('INVALID_SESSION_EXPIRY_TIME', 'bad');
      },
    });
    expect(calls).toEqual([]);
    await expect(handle.result).rejects.toMatchObject({
      code: 'INVALID_SESSION_EXPIRY_TIME',
    });
    expect(calls).toEqual(['flowInterrupt']);
  });

  it('wraps foreign errors as WalletSdkError WORKFLOW_FAILED', async () => {
    const { delegate } = recordingDelegate();
    const handle = runWorkflow({
      type: 'ADD_SESSION',
      delegate,
      logger,
      body: async () => {
        throw new TypeError('boom');
      },
    });
    const error = await handle.result.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WalletSdkError);
    expect(error).toMatchObject({ code: 'WORKFLOW_FAILED' });
  });

  it('ignores a late cancel after success', async () => {
    const { delegate, calls } = recordingDelegate();
    const handle = runWorkflow({
      type: 'EXECUTE_TRANSACTION',
      delegate,
      logger,
      body: async () => entity,
    });
    await handle.result;
    handle.cancel();
    await settle();
    expect(calls).toEqual(['flowComplete']);
    await expect(handle.result).resolves.toEqual(entity);
  });

  it('ignores a late error after success from work the body left running', async () => {
    const { delegate, calls } = recordingDelegate();
    let late: Promise<unknown> = Promise.resolve();
    const handle = runWorkflow({
      type: 'EXECUTE_TRANSACTION',
      delegate,
      logger,
      body: async (scope) => {
        // e.g. a background refresh that fails after the workflow succeeded
        late = sleep(20).then(() => {
          scope.throwIfCancelled();
          throw new WalletSdkError('NETWORK_ERROR', 'late');
        });
        late.catch(() => {});
        return entity;
      },
    });
    await handle.result;
    await late.catch(() => {});
    await settle();
    expect(calls).toEqual(['flowComplete']);
  });

  it('ignores the body failing after it was cancelled', async () => {
    const { delegate, calls } = recordingDelegate();
    const handle = runWorkflow({
      type: 'ADD_SESSION',
      delegate,
      logger,
      body: async () => {
        await sleep(30);
        throw new WalletSdkError('NETWORK_ERROR', 'late');
      },
    });
    handle.cancel();
    handle.cancel();
    await expect(handle.result).rejects.toMatchObject({ code: 'WORKFLOW_CANCELLED' });
    await settle(60);
    expect(calls).toEqual(['flowInterrupt']);
  });

  it('cancel during the PIN prompt interrupts once with WORKFLOW_CANCELLED; a later pinEntered does nothing', async () => {
    let accept!: PinAcceptor;
    const { delegate, calls } = recordingDelegate({
      getPin: (_c, _u, a) => (accept = a),
    });
    const after = vi.fn();
    const handle = runWorkflow({
      type: 'ADD_SESSION',
      delegate,
      logger,
      body: async (scope) => {
        await askPin(scope);
        after();
        return entity;
      },
    });
    await settle();
    expect(accept).toBeDefined();
    handle.cancel();
    accept.pinEntered('123456', 'prefix');
    await expect(handle.result).rejects.toMatchObject({ code: 'WORKFLOW_CANCELLED' });
    await settle();
    expect(after).not.toHaveBeenCalled();
    expect(calls).toEqual(['flowInterrupt']);
  });

  it('cancelFlow from the app interrupts with WORKFLOW_CANCELLED', async () => {
    const { delegate, calls } = recordingDelegate({
      getPin: (_c, _u, a) => a.cancelFlow(),
    });
    const handle = runWorkflow({
      type: 'ADD_SESSION',
      delegate,
      logger,
      body: async (scope) => {
        await askPin(scope);
        return entity;
      },
    });
    await expect(handle.result).rejects.toMatchObject({ code: 'WORKFLOW_CANCELLED' });
    expect(calls).toEqual(['flowInterrupt']);
  });

  it('a throwing optional delegate method breaks neither the workflow nor the guarantee', async () => {
    const { delegate, calls } = recordingDelegate({
      requestAcknowledged: () => {
        throw new Error('app bug');
      },
      pinValidated: () => {
        throw new Error('app bug');
      },
    });
    const handle = runWorkflow({
      type: 'ADD_SESSION',
      delegate,
      logger,
      body: async (scope) => {
        scope.callDelegate('pinValidated', scope.context, 'u1');
        scope.callDelegate('requestAcknowledged', scope.context, entity);
        return entity;
      },
    });
    await expect(handle.result).resolves.toEqual(entity);
    expect(calls).toEqual(['flowComplete']);
  });

  it('a throwing flowComplete still resolves the result, and no flowInterrupt follows', async () => {
    const calls: string[] = [];
    const delegate: WorkflowDelegate = {
      flowComplete: () => {
        calls.push('flowComplete');
        throw new Error('app bug');
      },
      flowInterrupt: () => calls.push('flowInterrupt'),
    };
    const handle = runWorkflow({
      type: 'ADD_SESSION',
      delegate,
      logger,
      body: async () => entity,
    });
    await expect(handle.result).resolves.toEqual(entity);
    await settle();
    expect(calls).toEqual(['flowComplete']);
  });

  it('a throwing flowInterrupt still rejects the result once', async () => {
    const calls: string[] = [];
    const delegate: WorkflowDelegate = {
      flowComplete: () => calls.push('flowComplete'),
      flowInterrupt: () => {
        calls.push('flowInterrupt');
        throw new Error('app bug');
      },
    };
    const handle = runWorkflow({
      type: 'ADD_SESSION',
      delegate,
      logger,
      body: async () => {
        throw new WalletSdkError('NO_SESSION_FOUND', 'none');
      },
    });
    await expect(handle.result).rejects.toMatchObject({ code: 'NO_SESSION_FOUND' });
    handle.cancel();
    await settle();
    expect(calls).toEqual(['flowInterrupt']);
  });

  it('a getPin that throws before answering interrupts with WORKFLOW_FAILED', async () => {
    const { delegate, calls } = recordingDelegate({
      getPin: () => {
        throw new Error('no UI');
      },
    });
    const handle = runWorkflow({
      type: 'ADD_SESSION',
      delegate,
      logger,
      body: async (scope) => {
        await askPin(scope);
        return entity;
      },
    });
    await expect(handle.result).rejects.toMatchObject({ code: 'WORKFLOW_FAILED' });
    expect(calls).toEqual(['flowInterrupt']);
  });

  it('a getPin that answers and then throws goes on with the answer', async () => {
    const { delegate, calls } = recordingDelegate({
      getPin: (_c, _u, accept) => {
        accept.pinEntered('1234', 'p');
        throw new Error('app bug after answering');
      },
    });
    const handle = runWorkflow({
      type: 'ADD_SESSION',
      delegate,
      logger,
      body: async (scope) => ({ entityType: 'SESSION', entity: await askPin(scope) }),
    });
    await expect(handle.result).resolves.toEqual({
      entityType: 'SESSION',
      entity: '1234',
    });
    expect(calls).toEqual(['flowComplete']);
  });

  it('a missing delegate still settles the result', async () => {
    const handle = runWorkflow({
      type: 'ADD_SESSION',
      delegate: undefined as unknown as WorkflowDelegate,
      logger,
      body: async () => entity,
    });
    await expect(handle.result).resolves.toEqual(entity);
  });

  it('never logs the entity or the PIN', async () => {
    const lines: string[] = [];
    const capture = toSafeLogger({
      info: (m, f) => lines.push(m + JSON.stringify(f)),
      debug: (m, f) => lines.push(m + JSON.stringify(f)),
      warn: (m, f) => lines.push(m + JSON.stringify(f)),
    });
    const { delegate } = recordingDelegate({
      getPin: (_c, _u, a) => a.pinEntered('987654', 'pfx'),
    });
    const handle = runWorkflow({
      type: 'GET_DEVICE_MNEMONICS',
      delegate,
      logger: capture,
      body: async (scope) => ({
        entityType: 'MNEMONICS',
        entity: [await askPin(scope), 'zebra'],
      }),
    });
    await handle.result;
    expect(lines.join('\n')).not.toMatch(/987654|zebra/);
  });
});
