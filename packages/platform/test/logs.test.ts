/** Logs: JSON lines with a request id, and no secret, key or signature in any line. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivatedUser } from './helpers/activatedUser.ts';
import { startTestPlatform, type TestPlatform } from './helpers/startTestPlatform.ts';
import { executeBody, newKey, partnerClient, waitFor } from './helpers/testClients.ts';

let t: TestPlatform;
beforeAll(async () => {
  t = await startTestPlatform();
});
afterAll(async () => {
  await t?.close();
});

describe('logs', () => {
  it('carry a request id and never a secret, key or signature', async () => {
    const u = await createActivatedUser(t, { fund: 100n });
    const body = await executeBody(u.sessions[0]!, {
      chainId: t.economy.chainId,
      tokenHolder: u.tokenHolder,
      tokenRules: t.economy.tokenRules,
      nonce: 0n,
      transfers: [{ to: newKey().address, amount: 1n }],
    });
    const res = await u.client.execute(body);
    await waitFor(
      () => u.client.transaction(res.body.id),
      (r) => r.body.status === 'SUCCESS',
    );
    // A failing request is logged too.
    await partnerClient(t.platform.app, {
      ...t.partner,
      apiSecret: 'wrong',
    }).createUser();
    await u.client.execute(body);

    const text = t.logs.join('');
    const forbidden = [
      t.partner.apiSecret,
      t.devchain.accounts[0]!.privateKey.slice(2),
      t.devchain.accounts[1]!.privateKey.slice(2),
      body.signature.slice(2),
    ];
    for (const secret of forbidden) expect(text).not.toContain(secret);

    const lines = t.logs.flatMap((chunk) => chunk.split('\n').filter(Boolean));
    const requestLines = lines.map((l) => JSON.parse(l)).filter((l) => l.req || l.res);
    expect(requestLines.length).toBeGreaterThan(10);
    for (const line of requestLines) expect(line.request_id).toEqual(expect.any(String));
  });

  it('redacts secret-looking fields a caller might log', async () => {
    const before = t.logs.length;
    t.platform.context.logger.info(
      {
        signature: '0xdeadbeef',
        apiSecret: 'top-secret',
        privateKey: '0xabc',
        req: { headers: { 'ost-signature': '0xfeed' } },
      },
      'probe',
    );
    const line = t.logs.slice(before).join('');
    expect(line).toContain('probe');
    for (const s of ['deadbeef', 'top-secret', '0xabc', 'feed'])
      expect(line).not.toContain(s);
  });

  it('scrubs signatures echoed inside error messages', async () => {
    const signature = `0x${'ab'.repeat(65)}`;
    const before = t.logs.length;
    const err = new Error(`eth_call failed; request body: {"data":"${signature}"}`);
    t.platform.context.logger.error(
      { err, nested: { data: signature } },
      `failed ${signature}`,
    );
    const line = t.logs.slice(before).join('');
    expect(line).toContain('bytes redacted');
    expect(line).not.toContain('ab'.repeat(65));
  });
});
