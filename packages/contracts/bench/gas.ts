/**
 * Gas bench: measures the wallet's everyday operations on a fresh anvil and compares a
 * one-recipient session transfer with a plain ERC-20 transfer between two EOAs.
 * Both transfers are "warm" the same way: the sender has transferred before and the
 * recipient already holds tokens. Prints a table, or one JSON object with `--json`.
 */
import {
  type Address,
  type LocalAccount,
  parseEventLogs,
  type TransactionReceipt,
} from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import {
  encodeAuthorizeSession,
  encodeLogout,
  encodeRevokeSession,
  tokenHolderAbi,
} from '../src/index.ts';
import { encodeTransfer, setupEconomy } from '../test/fixture.ts';

const f = await setupEconomy();
const results: Record<string, number> = {};
const gas = (receipt: TransactionReceipt) => Number(receipt.gasUsed);

try {
  const unit = f.unit;
  const recipients: Address[] = Array.from(
    { length: 5 },
    () => f.newSessionKey().address,
  );
  for (const r of recipients) await f.fund(r, unit);

  // Plain ERC-20 transfer between two EOAs (sender warm, recipient holds tokens).
  const alice: LocalAccount = privateKeyToAccount(f.devchain.accounts[7]!.privateKey);
  await f.fund(alice.address, 100n * unit);
  await f.send(alice, f.manifest.token.address, encodeTransfer(recipients[0]!, unit));
  results.plainTransfer = gas(
    await f.send(alice, f.manifest.token.address, encodeTransfer(recipients[0]!, unit)),
  );

  // Wallet creation.
  const now = await f.now();
  const plainWallet = await f.newWallet();
  results.createWallet0Sessions = Number(plainWallet.gasUsed);
  const firstKey = f.newSessionKey();
  const wallet = await f.newWallet([
    { key: firstKey.address, spendingLimit: 100n * unit, expiresAt: now + 86_400n },
  ]);
  results.createWallet1Session = Number(wallet.gasUsed);
  const holder = wallet.tokenHolder;
  await f.fund(holder, 1000n * unit);

  // authorizeSession through the Safe (the Safe's nonce is warm after the first one).
  const key = f.newSessionKey();
  await f.execSafe(
    wallet.safe,
    holder,
    encodeAuthorizeSession({
      sessionKey: f.newSessionKey().address,
      spendingLimit: unit,
      expiresAt: now + 86_400n,
    }),
  );
  results.authorizeSessionViaSafe = gas(
    await f.execSafe(
      wallet.safe,
      holder,
      encodeAuthorizeSession({
        sessionKey: key.address,
        spendingLimit: 100n * unit,
        expiresAt: now + 86_400n,
      }),
    ),
  );

  // executeRule: warm the session nonce and the holder's balance first.
  const assertSuccess = (receipt: TransactionReceipt) => {
    const [event] = parseEventLogs({
      abi: tokenHolderAbi,
      eventName: 'RuleExecuted',
      logs: receipt.logs,
    });
    if (!event?.args.success) throw new Error('rule failed during the bench');
    return gas(receipt);
  };
  await f.directTransfer(key, holder, [recipients[0]!], [unit]);
  results.executeRule1Recipient = assertSuccess(
    (await f.directTransfer(key, holder, [recipients[0]!], [unit])).receipt,
  );
  results.executeRule5Recipients = assertSuccess(
    (
      await f.directTransfer(
        key,
        holder,
        recipients,
        recipients.map(() => unit),
      )
    ).receipt,
  );

  results.revokeSession = gas(
    await f.execSafe(wallet.safe, holder, encodeRevokeSession(firstKey.address)),
  );
  results.logout = gas(await f.execSafe(wallet.safe, holder, encodeLogout()));
} finally {
  await f.devchain.stop();
}

const ratio = results.executeRule1Recipient! / results.plainTransfer!;
const report = {
  ...results,
  sessionTransferToPlainTransferRatio: Math.round(ratio * 1000) / 1000,
  targets: {
    ratioAtMost: 1.5,
    ratioMet: ratio <= 1.5,
    authorizeSessionViaSafeAtMost: 120_000,
    authorizeSessionMet: results.authorizeSessionViaSafe! <= 120_000,
  },
};

if (process.argv.includes('--json')) {
  process.stdout.write(`${JSON.stringify(report)}\n`);
} else {
  const rows: [string, string][] = [
    ['plain ERC-20 transfer (EOA → EOA)', String(results.plainTransfer)],
    ['create wallet, 0 sessions', String(results.createWallet0Sessions)],
    ['create wallet, 1 session', String(results.createWallet1Session)],
    ['authorizeSession via Safe', String(results.authorizeSessionViaSafe)],
    ['executeRule directTransfers, 1 recipient', String(results.executeRule1Recipient)],
    ['executeRule directTransfers, 5 recipients', String(results.executeRule5Recipients)],
    ['revokeSession via Safe', String(results.revokeSession)],
    ['logout via Safe', String(results.logout)],
    [
      'ratio session / plain transfer (target ≤ 1.5)',
      report.sessionTransferToPlainTransferRatio.toFixed(3),
    ],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  process.stdout.write(
    `${'operation'.padEnd(width)}  gas used\n${'-'.repeat(width + 12)}\n`,
  );
  for (const [label, value] of rows)
    process.stdout.write(`${label.padEnd(width)}  ${value.padStart(9)}\n`);
}
