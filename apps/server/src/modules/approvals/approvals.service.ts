import { eq } from 'drizzle-orm';
import { ROLE_PERMISSIONS, isDiscountWithinLimit, newDocumentId, parsePercent } from '@kassa/domain';
import type { Approval, CreateApprovalRequest, CreateSaleRequest } from '@kassa/contracts';
import { schema as s } from '@kassa/db';
import type { Ctx } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { recordAudit, registerStream } from '../audit/audit.service.ts';
import { maxDiscountPercentFor } from '../auth/auth.service.ts';
import { verifyNothing, verifySecret } from '../auth/passwords.ts';
import * as repo from './approvals.repository.ts';

/** An approval is good for 5 minutes: long enough to finish the sale, too short to keep for later. */
export const APPROVAL_TTL_MS = 5 * 60_000;

const refused = () => new AppError('approval_invalid', 403, 'The manager approval was refused');

function toDto(row: repo.ApprovalRow, approverName: string): Approval {
  return {
    id: row.id,
    action: row.action,
    requestedBy: row.requestedBy,
    approvedBy: row.approvedBy,
    approverName,
    registerId: row.registerId,
    saleId: row.saleId,
    percent: row.percent === null ? null : parsePercent(row.percent),
    amount: row.amount,
    expiresAt: row.expiresAt.toISOString(),
  };
}

/**
 * A manager approves, by PIN at the register, one action of the signed-in cashier beyond the
 * cashier's rights: a single-use approval bound to the action, register, sale id and percent,
 * valid APPROVAL_TTL_MS. Both people are recorded (`approval.granted`: actor the cashier,
 * approver the manager). For `discount_override` the manager must hold `sale.discount.override`
 * and a discount limit of at least `percent`.
 * Errors: 403 `approval_invalid` (the same for an unknown user, a wrong PIN, no PIN, an inactive
 * user, one without the right or the limit, or approving one's own action); 404
 * `register_not_found`; 400 `validation_failed` without `percent`.
 */
export async function createApproval(ctx: Ctx, input: CreateApprovalRequest): Promise<Approval> {
  if (input.action === 'discount_override' && input.percent === undefined)
    throw new AppError('validation_failed', 400, 'A discount override names the percent approved', {
      field: 'percent',
    });
  const percent = input.percent === undefined ? null : parsePercent(input.percent);
  const register = await repo.findRegister(ctx.tx, ctx.companyId, input.registerId);
  if (!register)
    throw new AppError('register_not_found', 404, 'Register not found', { registerId: input.registerId });

  const manager = await repo.findUser(ctx.tx, ctx.companyId, input.managerUserId);
  if (!manager?.pinHash) {
    await verifyNothing(input.pin);
    throw refused();
  }
  const pinOk = await verifySecret(manager.pinHash, input.pin);
  const [company] = await ctx.tx.select().from(s.companies).where(eq(s.companies.id, ctx.companyId)).limit(1);
  const allowed =
    manager.active &&
    manager.id !== ctx.userId &&
    ROLE_PERMISSIONS[manager.role].includes('sale.discount.override') &&
    !!company &&
    (percent === null || isDiscountWithinLimit(percent, maxDiscountPercentFor(company, manager.role)));
  if (!pinOk || !allowed) throw refused();

  const now = new Date();
  const row = await repo.insertApproval(ctx.tx, {
    companyId: ctx.companyId,
    id: newDocumentId(),
    action: input.action,
    requestedBy: ctx.userId,
    approvedBy: manager.id,
    registerId: register.id,
    saleId: input.saleId,
    percent,
    amount: input.amount ?? null,
    expiresAt: new Date(now.getTime() + APPROVAL_TTL_MS),
    createdAt: now,
  });
  await recordAudit(ctx, {
    action: 'approval.granted',
    stream: registerStream(register.id),
    approverId: manager.id,
    subject: { type: 'approval', id: row.id },
    storeId: register.storeId,
    registerId: register.id,
    details: { action: input.action, saleId: input.saleId, percent, amount: row.amount },
  });
  return toDto(row, manager.name);
}

/** A discount override in force for one sale: the approval used and the limit it grants. */
export type DiscountOverride = { approvalId: string; approvedBy: string; maxPercent: string };

/**
 * The discount limit of a sale: the cashier's own (`maxPercent`), or, when a line asks for more
 * and the sale carries `approvalId`, the approved percent. The approval is checked (action
 * `discount_override`, asked by this user for this register and this sale id, unused, unexpired)
 * and marked used in the sale's transaction, so a rolled-back sale leaves it usable and a second
 * sale cannot use it. An approval that no line needs is left unused.
 * @throws AppError 422 `approval_unusable` with `details.reason`: `not_found`, `used`, `expired`,
 *   `mismatch`.
 */
export async function discountOverrideFor(
  ctx: Ctx,
  input: CreateSaleRequest,
  maxPercent: string,
): Promise<DiscountOverride | undefined> {
  if (!input.approvalId) return undefined;
  const needed = input.lines.some((line) => {
    if (line.discountPercent === undefined) return false;
    try {
      return !isDiscountWithinLimit(parsePercent(line.discountPercent), maxPercent);
    } catch {
      return false; // malformed: the sale's own checks report it with its line
    }
  });
  if (!needed) return undefined;
  const unusable = (reason: string) =>
    new AppError('approval_unusable', 422, 'The approval cannot be used for this sale', {
      approvalId: input.approvalId,
      reason,
    });
  const approval = await repo.findApprovalForUpdate(ctx.tx, ctx.companyId, input.approvalId);
  if (!approval) throw unusable('not_found');
  if (approval.usedAt) throw unusable('used');
  const now = new Date();
  if (approval.expiresAt <= now) throw unusable('expired');
  if (
    approval.action !== 'discount_override' ||
    approval.requestedBy !== ctx.userId ||
    approval.registerId !== input.registerId ||
    approval.saleId !== input.id ||
    approval.percent === null
  )
    throw unusable('mismatch');
  await repo.markUsed(ctx.tx, ctx.companyId, approval.id, now);
  return {
    approvalId: approval.id,
    approvedBy: approval.approvedBy,
    maxPercent: parsePercent(approval.percent),
  };
}
