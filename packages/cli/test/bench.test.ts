/**
 * Runs a small `ost-wallet bench --json` as a child process: one JSON object with every
 * figure measured (non-zero, consistent), exit 0, no anvil left running.
 */
import { execFileSync, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../src/bin.ts', import.meta.url));

function runBench(
  args: string[],
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', bin, 'bench', '--json', ...args],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('ost-wallet bench --json', () => {
  it('measures every figure in one run and exits 0', { timeout: 120_000 }, async () => {
    const { code, stdout, stderr } = await runBench([
      '--transfers',
      '6',
      '--concurrency',
      '2',
      '--samples',
      '2',
    ]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const figures = JSON.parse(lines[0]!);

    expect(figures.event).toBe('bench');
    expect(figures.session_transfers).toMatchObject({
      count: 6,
      succeeded: 6,
      concurrency: 2,
    });
    expect(figures.plain_erc20_transfers).toMatchObject({ count: 6, succeeded: 6 });
    expect(figures.session_transfers.per_second).toBeGreaterThan(0);
    expect(figures.plain_erc20_transfers.per_second).toBeGreaterThan(0);
    expect(figures.throughput_ratio).toBeCloseTo(
      figures.session_transfers.per_second / figures.plain_erc20_transfers.per_second,
      2,
    );
    expect(figures.add_session_ms.samples).toBe(2);
    expect(figures.add_session_ms.p95).toBeGreaterThanOrEqual(
      figures.add_session_ms.median,
    );
    expect(figures.bare_round_trip_ms.median).toBeGreaterThan(0);
    expect(figures.sdk_cpu_ms_per_transfer.total).toBeGreaterThan(0);
    const cpu = figures.sdk_cpu_ms_per_transfer;
    expect(cpu.requests_per_transfer).toBeGreaterThanOrEqual(2);
    expect(cpu.total).toBeCloseTo(
      cpu.encode_calldata +
        cpu.sign_execute_rule +
        cpu.requests_per_transfer * cpu.sign_request,
      1,
    );

    // The chain is gone.
    const port = new URL(figures.setup.rpc_url).port;
    const ps = execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' });
    expect(
      ps.split('\n').some((l) => /anvil/.test(l) && l.includes(`--port ${port}`)),
    ).toBe(false);
  });
});
