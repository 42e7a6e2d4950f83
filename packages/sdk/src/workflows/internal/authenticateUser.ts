import type { Salt, User } from '@ost-wallet/protocol';
import { routes } from '@ost-wallet/protocol';
import { isAddressEqual } from 'viem';
import { WalletSdkError } from '../../errors/WalletSdkError.ts';
import { deriveRecoveryOwnerAddress } from '../../keys/deriveRecoveryOwnerAddress.ts';
import type { PinAcceptor } from '../types.ts';
import type { Reader } from './device.ts';
import type { SdkRuntime } from './runtime.ts';
import type { WorkflowScope } from './runWorkflow.ts';
import { waitForAnswer } from './waitForAnswer.ts';

/** How many wrong PINs end a workflow. */
export const MAX_PIN_ATTEMPTS = 3;

type PinAnswer = { pin: string; passphrasePrefix: string | undefined };

/**
 * @internal Asks for the PIN and checks it locally: the recovery owner address derived
 * from it must equal the user's `recovery_owner_address`. A wrong PIN costs no request
 * beyond the salt and no chain action. The third wrong PIN ends the workflow. An empty
 * PIN or a missing passphrase prefix counts as a wrong PIN.
 *
 * @throws {WalletSdkError} `MAX_PIN_ATTEMPTS`, `WORKFLOW_CANCELLED`, `USER_NOT_ACTIVATED`
 */
export async function authenticateUser(
  rt: SdkRuntime,
  scope: WorkflowScope,
  reader: Reader,
  user: User,
): Promise<void> {
  if (!user.recovery_owner_address) {
    throw new WalletSdkError(
      'USER_NOT_ACTIVATED',
      `user '${user.id}' has no recovery owner yet`,
    );
  }
  const salt = (await reader.get<Salt>(routes.salt(user.id))).scrypt_salt;
  let method: 'getPin' | 'invalidPin' = 'getPin';

  for (let attempt = 1; ; attempt++) {
    const answer = await askPin(scope, user.id, method);
    let valid = false;
    if (
      typeof answer.pin === 'string' &&
      answer.pin !== '' &&
      typeof answer.passphrasePrefix === 'string' &&
      answer.passphrasePrefix !== ''
    ) {
      const derived = await deriveRecoveryOwnerAddress({
        passphrasePrefix: answer.passphrasePrefix,
        pin: answer.pin,
        userId: user.id,
        salt,
        scrypt: rt.pinScrypt,
      });
      valid = isAddressEqual(derived, user.recovery_owner_address);
    }
    scope.throwIfCancelled();
    if (valid) {
      scope.callDelegate('pinValidated', scope.context, user.id);
      return;
    }
    rt.logger.info('wrong PIN', { ...scope.context, attempt });
    if (attempt >= MAX_PIN_ATTEMPTS) {
      throw new WalletSdkError('MAX_PIN_ATTEMPTS', `the PIN was wrong ${attempt} times`, {
        details: { attempts: attempt },
      });
    }
    method = scope.delegate.invalidPin ? 'invalidPin' : 'getPin';
  }
}

function askPin(
  scope: WorkflowScope,
  userId: string,
  method: 'getPin' | 'invalidPin',
): Promise<PinAnswer> {
  return waitForAnswer<PinAnswer>(scope, method, (answer, cancelFlow) => {
    const accept: PinAcceptor = {
      pinEntered: (pin, passphrasePrefix) => answer({ pin, passphrasePrefix }),
      cancelFlow,
    };
    return scope.callDelegate(method, scope.context, userId, accept);
  });
}
