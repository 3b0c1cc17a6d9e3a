import type { Ctx } from '../../context.ts';
import { verifyNothing, verifySecret } from '../auth/passwords.ts';
import { PinRejected, assertPinNotLocked, clearPinFailures } from '../auth/pin-throttle.ts';
import * as repo from './shifts.repository.ts';

/**
 * Checks a manager's approval given at the terminal: an active manager or owner of the caller's
 * company whose PIN (argon2id, modules/auth/passwords.ts) matches. Returns the approver's user id.
 * @throws AppError 403 `approval_invalid`: the same answer for an unknown user, another company's
 *   user, a cashier, a user without a PIN and a wrong PIN, after the same argon2 work; counted
 *   toward the PIN limits (auth/pin-throttle.ts); 429 `pin_locked` while a PIN lock holds.
 */
export async function verifyManagerPin(
  ctx: Ctx,
  approval: { managerId: string; pin: string },
): Promise<string> {
  await assertPinNotLocked(ctx, approval.managerId);
  const user = await repo.findUser(ctx, approval.managerId);
  const eligible = user !== undefined && user.active && (user.role === 'manager' || user.role === 'owner');
  let ok = false;
  if (eligible && user.pinHash) ok = await verifySecret(user.pinHash, approval.pin);
  else await verifyNothing(approval.pin);
  if (!ok || !user)
    throw new PinRejected(
      ctx.companyId,
      user?.id,
      ctx.sessionId,
      ctx.userId,
      'approval',
      'approval_invalid',
      'The manager approval was refused',
    );
  await clearPinFailures(ctx, user.id);
  return user.id;
}
