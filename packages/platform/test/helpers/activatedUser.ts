/** Creates a user, registers a device and activates it with first sessions. */
import type { Address, LocalAccount } from 'viem';
import type { TestPlatform } from './startTestPlatform.ts';
import {
  deviceClient,
  newDevice,
  newKey,
  partnerClient,
  type Target,
  type TestDevice,
  waitFor,
} from './testClients.ts';

export type ActivatedUser = {
  userId: string;
  device: TestDevice;
  client: ReturnType<typeof deviceClient>;
  sessions: LocalAccount[];
  safe: Address;
  tokenHolder: Address;
};

export async function createActivatedUser(
  t: TestPlatform,
  options: {
    target?: Target;
    sessions?: number;
    spendingLimit?: bigint;
    expiresIn?: number;
    fund?: bigint;
  } = {},
): Promise<ActivatedUser> {
  const target = options.target ?? t.platform.app;
  const partner = partnerClient(target, t.partner);
  const user = await partner.createUser();
  const device = newDevice(user.body.id);
  await partner.registerDevice(user.body.id, device);
  const client = deviceClient(target, device);
  const chain = await client.get('/v1/chain');
  const sessions = Array.from({ length: options.sessions ?? 1 }, () => newKey());
  const activation = await client.activate({
    recovery_owner_address: newKey().address,
    sessions: sessions.map((s) => ({
      address: s.address,
      spending_limit: (options.spendingLimit ?? 10n ** 20n).toString(),
      expires_at: chain.body.time + (options.expiresIn ?? 3600),
    })),
  });
  if (activation.status !== 202) throw new Error(JSON.stringify(activation.body));
  const activated = await waitFor(
    () => client.user(),
    (r) => r.body.status !== 'ACTIVATING',
  );
  if (activated.body.status !== 'ACTIVATED')
    throw new Error(JSON.stringify(activated.body));
  if (options.fund) {
    const funding = await partner.fund(user.body.id, options.fund.toString());
    await waitFor(
      () =>
        partner.request(
          'GET',
          `/v1/partner/users/${user.body.id}/fundings/${funding.body.id}`,
        ),
      (r) => r.body.status === 'SUCCESS' || r.body.status === 'FAILED',
    );
  }
  return {
    userId: user.body.id,
    device,
    client,
    sessions,
    safe: activated.body.device_manager_address,
    tokenHolder: activated.body.token_holder_address,
  };
}
