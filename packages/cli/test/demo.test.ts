/**
 * Runs `ost-wallet demo --json` as a child process, the way `npm run demo` does, and
 * checks the event sequence, the exit code, that nothing secret was printed and that no
 * anvil is left running.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../src/bin.ts', import.meta.url));
// anvil's well-known test key of account 0 (the relayer and treasury of the embedded chain).
const ANVIL_KEY_0 = 'ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80';

type Event = { event: string; [key: string]: unknown };

function runDemo(
  onEvent?: (event: Event, child: ChildProcess) => void,
): Promise<{ code: number | null; events: Event[]; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', bin, 'demo', '--json'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let partial = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      const lines = (partial + d.toString()).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) {
        if (line.trim() !== '') onEvent?.(JSON.parse(line) as Event, child);
      }
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    child.once('error', reject);
    child.once('exit', (code) => {
      const events = stdout
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => JSON.parse(line) as Event);
      resolve({ code, events, stdout, stderr });
    });
  });
}

function anvilListening(port: string): boolean {
  const ps = execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' });
  return ps
    .split('\n')
    .some((line) => /anvil/.test(line) && line.includes(`--port ${port}`));
}

describe('ost-wallet demo --json', () => {
  it('runs every step, exits 0 and leaves no anvil running', {
    timeout: 120_000,
  }, async () => {
    const { code, events, stdout, stderr } = await runDemo();
    expect(stderr).toBe('');
    expect(code).toBe(0);

    // One step event per step, in order.
    const steps = events.filter((e) => e.event === 'step').map((e) => e.step);
    expect(steps).toEqual([1, 2, 3, 4, 5, 6, 7]);

    // Every check passed, and the refusals carried the codes of the story.
    const checks = events.filter((e) => e.event === 'check');
    expect(checks).toHaveLength(10);
    expect(checks.every((c) => c.ok === true)).toBe(true);
    const refusals = checks
      .map((c) => String(c.expected))
      .filter((text) => text.startsWith('refused with'));
    expect(refusals).toEqual([
      'refused with SPENDING_LIMIT_EXCEEDED',
      'refused with SESSION_EXPIRED',
      'refused with NO_SESSION_FOUND',
    ]);

    // addSession reported requestAcknowledged, then flowComplete with the session.
    const addSession = events.filter(
      (e) => e.event === 'callback' && e.workflow === 'addSession',
    );
    expect(addSession.map((e) => e.callback)).toEqual([
      'getPin',
      'pinValidated',
      'requestAcknowledged',
      'flowComplete',
      'getPin',
      'pinValidated',
      'requestAcknowledged',
      'flowComplete',
    ]);
    expect(addSession[3]).toMatchObject({
      entity_type: 'SESSION',
      entity: { type: 'session', status: 'AUTHORIZED', spending_limit_tokens: '10 OWT' },
    });
    const interrupts = events
      .filter((e) => e.event === 'callback' && e.callback === 'flowInterrupt')
      .map((e) => (e.error as { code: string }).code);
    expect(interrupts).toEqual([
      'SPENDING_LIMIT_EXCEEDED',
      'SESSION_EXPIRED',
      'NO_SESSION_FOUND',
    ]);

    // Ends with everything stopped, then done.
    expect(events.slice(-2).map((e) => e.event)).toEqual(['stopped', 'done']);

    // Nothing secret was printed.
    expect(stdout).not.toContain(ANVIL_KEY_0);
    expect(stdout).not.toMatch(/test test test/);
    expect(stdout).not.toContain('246813');
    expect(events.some((e) => 'pin' in e || 'api_secret' in e)).toBe(false);

    // The chain is gone: no anvil on its port, and its RPC no longer answers.
    const platform = events.find((e) => e.event === 'platform') as unknown as {
      rpc_url: string;
    };
    const port = new URL(platform.rpc_url).port;
    expect(anvilListening(port)).toBe(false);
    await expect(fetch(platform.rpc_url, { method: 'POST' })).rejects.toThrow();
  });

  it('stops everything and exits 130 on Ctrl-C', { timeout: 60_000 }, async () => {
    let interrupted = false;
    const { code, events } = await runDemo((event, child) => {
      // Interrupt in the middle of step 3 (addSession), with the chain and platform up.
      if (!interrupted && event.event === 'step' && event.step === 3) {
        interrupted = true;
        child.kill('SIGINT');
      }
    });
    expect(interrupted).toBe(true);
    expect(code).toBe(130);
    expect(events.slice(-2)).toEqual([
      { event: 'stopped' },
      { event: 'error', code: 'INTERRUPTED', message: 'interrupted', exit_code: 130 },
    ]);
    const platform = events.find((e) => e.event === 'platform') as unknown as {
      rpc_url: string;
    };
    expect(anvilListening(new URL(platform.rpc_url).port)).toBe(false);
  });
});
