import { eq } from 'drizzle-orm';
import { ROLE_PERMISSIONS, isDiscountWithinLimit, newDocumentId, parsePercent } from '@kassa/domain';
import type { Permission } from '@kassa/domain';
import type {
  Approval,
  ApprovalAction,
  CreateApprovalRequest,
  CreateSaleRequest,
  NoSaleEvent,
  NoSaleRequest,
} from '@kassa/contracts';
import { schema as s } from '@kassa/db';
import type { Ctx } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { recordAudit, registerStream } from '../audit/audit.service.ts';
import { maxDiscountPercentFor } from '../auth/auth.service.ts';
import { verifyNothing, verifySecret } from '../auth/passwords.ts';
import { PinRejected, assertPinNotLocked, clearPinFailures } from '../auth/pin-throttle.ts';
import { storeInScope } from '../users/access.ts';
import * as repo from './approvals.repository.ts';

/** An approval is good for 5 minutes: long enough to finish the sale, too short to keep for later. */
export const APPROVAL_TTL_MS = 5 * 60_000;

const refused = () => new AppError('approval_invalid', 403, 'The manager approval was refused');

/** The permission the approving manager must hold for each action. */
const APPROVER_PERMISSION: Readonly<Record<ApprovalAction, Permission>> = {
  discount_override: 'sale.discount.override',
  refund: 'refund.create',
  void: 'sale.void',
  no_sale: 'drawer.no_sale',
  price_override: 'sale.price_override',
  tax_exempt: 'sale.tax_exempt',
};

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

  await assertPinNotLocked(ctx, input.managerUserId);
  const manager = await repo.findUser(ctx.tx, ctx.companyId, input.managerUserId);
  const wrongPin = () =>
    new PinRejected(
      ctx.companyId,
      manager?.id,
      ctx.sessionId,
      ctx.userId,
      'approval',
      'approval_invalid',
      'The manager approval was refused',
    );
  if (!manager?.pinHash) {
    await verifyNothing(input.pin);
    throw wrongPin();
  }
  const pinOk = await verifySecret(manager.pinHash, input.pin);
  if (!pinOk) throw wrongPin();
  await clearPinFailures(ctx, manager.id);
  const [company] = await ctx.tx.select().from(s.companies).where(eq(s.companies.id, ctx.companyId)).limit(1);
  const allowed =
    manager.active &&
    manager.id !== ctx.userId &&
    ROLE_PERMISSIONS[manager.role].includes(APPROVER_PERMISSION[input.action]) &&
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

/** A manager's approval used up by an action: which approval, and who approved it. */
export type SaleApproval = { approvalId: string; approvedBy: string };

/** What an approval must be bound to when it is used: the action, register, document and amount. */
export type ApprovalTarget = {
  action: ApprovalAction;
  registerId: string;
  /** The sale (discount, price override, tax exemption, void) or the new document (no-sale). */
  saleId: string;
  /** When set, the approval's amount (minor units) must be at least this. */
  amount?: number;
};

/**
 * Uses up the manager approval `approvalId` for `target`: it must have been asked by this user
 * for the same action, register and sale (or document) id, for at least `target.amount` when an
 * amount is bound, and be unused and unexpired. Marked used in the caller's transaction, so a
 * rolled-back action leaves it usable and a second action cannot use it. Without `approvalId` the
 * caller lacks both the permission and the approval: 403 `approval_required` with
 * `details.action`, so the terminal can ask a manager.
 * @throws AppError 403 `approval_required`; 422 `approval_unusable` with `details.reason`:
 *   `not_found`, `used`, `expired`, `mismatch`.
 */
export async function useApproval(
  ctx: Ctx,
  approvalId: string | undefined,
  target: ApprovalTarget,
): Promise<SaleApproval> {
  const { action } = target;
  if (!approvalId)
    throw new AppError('approval_required', 403, 'A manager must approve this', {
      action,
      permission: APPROVER_PERMISSION[action],
    });
  const unusable = (reason: string) =>
    new AppError('approval_unusable', 422, 'The approval cannot be used for this action', {
      approvalId,
      reason,
    });
  const approval = await repo.findApprovalForUpdate(ctx.tx, ctx.companyId, approvalId);
  if (!approval) throw unusable('not_found');
  if (approval.usedAt) throw unusable('used');
  const now = new Date();
  if (approval.expiresAt <= now) throw unusable('expired');
  if (
    approval.action !== action ||
    approval.requestedBy !== ctx.userId ||
    approval.registerId !== target.registerId ||
    approval.saleId !== target.saleId ||
    (target.amount !== undefined && (approval.amount === null || approval.amount < target.amount))
  )
    throw unusable('mismatch');
  await repo.markUsed(ctx.tx, ctx.companyId, approval.id, now);
  return { approvalId: approval.id, approvedBy: approval.approvedBy };
}

/**
 * Uses up the manager approval of a price override or a tax-exempt sale (`useApproval` bound to
 * the sale's register and id).
 * @throws as `useApproval`.
 */
export function useSaleApproval(
  ctx: Ctx,
  action: 'price_override' | 'tax_exempt',
  approvalId: string | undefined,
  input: CreateSaleRequest,
): Promise<SaleApproval> {
  return useApproval(ctx, approvalId, { action, registerId: input.registerId, saleId: input.id });
}

function noSaleDto(row: repo.NoSaleRow): NoSaleEvent {
  return {
    id: row.id,
    registerId: row.registerId,
    storeId: row.storeId,
    userId: row.userId,
    approvedBy: row.approvedBy,
    reason: row.reason,
    createdAt: row.createdAt.toISOString(),
  };
}

/**
 * Records the cash drawer opened without a sale ("no sale") at a register of the user's store
 * scope. Users without `drawer.no_sale` need a manager's approval (action `no_sale`, this
 * register, `saleId` = this event's id), used up here. Recorded as `drawer.no_sale` with both
 * people. Idempotent by the client-made `input.id` (a repeat returns the stored event).
 * @throws AppError 404 `register_not_found` (also outside the store scope); 409
 *   `no_sale_id_conflict` (the id belongs to another register or user); 403 `approval_required`;
 *   422 `approval_unusable`.
 */
export async function openDrawerNoSale(
  ctx: Ctx,
  input: NoSaleRequest,
): Promise<{ value: NoSaleEvent; created: boolean }> {
  const existing = await repo.findNoSale(ctx.tx, ctx.companyId, input.id);
  if (existing) {
    if (existing.registerId !== input.registerId || existing.userId !== ctx.userId)
      throw new AppError('no_sale_id_conflict', 409, 'Another no-sale event has this id', { id: input.id });
    return { value: noSaleDto(existing), created: false };
  }
  const register = await repo.findRegister(ctx.tx, ctx.companyId, input.registerId);
  if (!register || !storeInScope(ctx, register.storeId))
    throw new AppError('register_not_found', 404, 'Register not found', { registerId: input.registerId });
  const approval = ctx.permissions.includes('drawer.no_sale')
    ? undefined
    : await useApproval(ctx, input.approvalId, {
        action: 'no_sale',
        registerId: register.id,
        saleId: input.id,
      });
  const row = await repo.insertNoSale(ctx.tx, {
    companyId: ctx.companyId,
    id: input.id,
    storeId: register.storeId,
    registerId: register.id,
    userId: ctx.userId,
    approvedBy: approval?.approvedBy ?? null,
    reason: input.reason ?? '',
  });
  await recordAudit(ctx, {
    action: 'drawer.no_sale',
    stream: registerStream(register.id),
    approverId: approval?.approvedBy ?? null,
    subject: { type: 'no_sale', id: row.id },
    storeId: register.storeId,
    registerId: register.id,
    details: { reason: row.reason, approvalId: approval?.approvalId ?? null },
  });
  return { value: noSaleDto(row), created: true };
}
