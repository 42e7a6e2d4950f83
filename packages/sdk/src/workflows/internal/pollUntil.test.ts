import { describe, expect, it } from 'vitest';
import { WalletSdkError } from '../../errors/WalletSdkError.ts';
import { toSafeLogger } from '../../utils/logger.ts';
import type { ContextEntity } from '../types.ts';
import { pollUntil } from './pollUntil.ts';
import { runWorkflow, type WorkflowScope } from './runWorkflow.ts';

const logger = toSafeLogger(undefined);
const noop = { flowComplete: () => {}, flowInterrupt: () => {} };

function inWorkflow<T>(fn: (scope: WorkflowScope) => Promise<T>) {
  return runWorkflow<T>({
    type: 'ADD_SESSION',
    delegate: noop,
    logger,
    body: async (scope) =>
      ({ entityType: 'SESSION', entity: await fn(scope) }) as ContextEntity<T>,
  });
}

describe('pollUntil', () => {
  it('backs off between polls and returns when done', async () => {
    const times: number[] = [];
    const handle = inWorkflow((scope) =>
      pollUntil(
        scope,
        { intervalMs: 20, timeoutMs: 5000, what: 'x' },
        async () => {
          times.push(Date.now());
          return times.length;
        },
        (n) => (n >= 4 ? { done: n } : { pending: `poll ${n}` }),
      ),
    );
    expect((await handle.result).entity).toBe(4);
    const gaps = times.slice(1).map((t, i) => t - (times[i] as number));
    expect(gaps[2]).toBeGreaterThan((gaps[0] as number) - 2);
    expect(gaps[2]).toBeGreaterThanOrEqual(40);
  });

  it('gives up at the deadline with POLLING_TIMEOUT and the last status', async () => {
    const handle = inWorkflow((scope) =>
      pollUntil(
        scope,
        { intervalMs: 10, timeoutMs: 80, what: 'x' },
        async () => 1,
        () => ({ pending: 'INITIALIZING' }),
      ),
    );
    await expect(handle.result).rejects.toMatchObject({
      code: 'POLLING_TIMEOUT',
      details: { lastStatus: 'INITIALIZING' },
    });
  });

  it('keeps polling through network errors, stops on other errors', async () => {
    let n = 0;
    const flaky = inWorkflow((scope) =>
      pollUntil(
        scope,
        { intervalMs: 5, timeoutMs: 2000, what: 'x' },
        async () => {
          n++;
          if (n < 3) throw new WalletSdkError('NETWORK_ERROR', 'down');
          return n;
        },
        (v) => ({ done: v }),
      ),
    );
    expect((await flaky.result).entity).toBe(3);

    const broken = inWorkflow((scope) =>
      pollUntil(
        scope,
        { intervalMs: 5, timeoutMs: 2000, what: 'x' },
        async () => {
          throw new WalletSdkError('FORBIDDEN', 'no');
        },
        () => ({ pending: '' }),
      ),
    );
    await expect(broken.result).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('stops at once when the workflow is cancelled', async () => {
    let reads = 0;
    const handle = inWorkflow((scope) =>
      pollUntil(
        scope,
        { intervalMs: 10, timeoutMs: 60_000, what: 'x' },
        async () => ++reads,
        () => ({ pending: 'p' }),
      ),
    );
    await new Promise((r) => setTimeout(r, 50));
    handle.cancel();
    await expect(handle.result).rejects.toMatchObject({ code: 'WORKFLOW_CANCELLED' });
    const after = reads;
    await new Promise((r) => setTimeout(r, 100));
    expect(reads).toBe(after);
  });
});
