// Test helper: starts a devchain, prints its URL, then waits to be killed.
import { startDevchain } from '../startDevchain.ts';

const chain = await startDevchain();
process.stdout.write(`${chain.rpcUrl}\n`);
setInterval(() => {}, 1 << 30);
