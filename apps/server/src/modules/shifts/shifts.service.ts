import {
  countCash,
  denominationsFor,
  expectedCash,
  overShort as computeOverShort,
  type Denomination,
} from '@kassa/domain';
import type {
  CashMovement,
  CashMovementRequest,
  CloseShiftInfo,
  CloseShiftRequest,
  OpenShiftRequest,
  Shift,
  ShiftReport,
  ZReport,
} from '@kassa/contracts';
import type { schema } from '@kassa/db';
import type { Ctx } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { recordAudit, registerStream } from '../audit/audit.service.ts';
import * as parked from '../parked/parked.repository.ts';
import { findRegister } from '../sales/sales.repository.ts';
import { storeInScope } from '../users/access.ts';
import { verifyManagerPin } from './manager-pin.ts';
import * as repo from './shifts.repository.ts';

type CashMovementRow = typeof schema.cashMovements.$inferSelect;

/** The outcome of a create use case: the stored document, and whether this request created it. */
export type Created<T> = { value: T; created: boolean };

function toShiftDto(h: repo.ShiftHeader, currency: string): Shift {
  return {
    id: h.shift.id,
    storeId: h.shift.storeId,
    registerId: h.shift.registerId,
    registerName: h.registerName,
    currency,
    status: h.shift.closedAt ? 'closed' : 'open',
    openingFloat: h.shift.openingFloat,
    openedBy: h.shift.openedBy,
    openedByName: h.openedByName,
    openedAt: h.shift.openedAt.toISOString(),
    closedAt: h.shift.closedAt ? h.shift.closedAt.toISOString() : null,
    zNumber: h.zNumber ?? null,
  };
}

function toMovementDto(row: { movement: CashMovementRow; userName: string }): CashMovement {
  const m = row.movement;
  return {
    id: m.id,
    shiftId: m.shiftId,
    kind: m.kind,
    amount: m.amount,
    reason: m.reason,
    userId: m.userId,
    userName: row.userName,
    createdAt: m.createdAt.toISOString(),
  };
}

const shiftNotFound = (shiftId: string) => new AppError('not_found', 404, 'Shift not found', { shiftId });

async function requireShift(ctx: Ctx, shiftId: string, forUpdate = false): Promise<repo.ShiftHeader> {
  const shift = await repo.findShift(ctx, shiftId, forUpdate);
  // A shift of a store outside the user's store scope is as unknown as another company's.
  if (!shift || !storeInScope(ctx, shift.shift.storeId)) throw shiftNotFound(shiftId);
  return shift;
}

function assertOpen(h: repo.ShiftHeader): void {
  if (h.shift.closedAt) {
    throw new AppError('shift_closed', 409, 'This shift is closed', {
      shiftId: h.shift.id,
      zNumber: h.zNumber ?? null,
    });
  }
}

/** Reads one shift. @throws AppError 404 `not_found` (also another company's shift). */
export async function getShift(ctx: Ctx, shiftId: string): Promise<Shift> {
  const company = await repo.findCompany(ctx);
  return toShiftDto(await requireShift(ctx, shiftId), company.currency);
}

/**
 * The open shift of a register.
 * @throws AppError 404 `register_not_found` (also another company's register), 404 `shift_not_open`.
 */
export async function getOpenShift(ctx: Ctx, registerId: string): Promise<Shift> {
  const found = await findRegister(ctx, registerId);
  if (!found) throw new AppError('register_not_found', 404, 'Register not found', { registerId });
  const open = await repo.findOpenShift(ctx, registerId);
  if (!open) throw new AppError('shift_not_open', 404, 'No shift is open on this register', { registerId });
  const company = await repo.findCompany(ctx);
  return toShiftDto(open, company.currency);
}

/**
 * The open shift a sale or refund on `registerId` belongs to.
 * @throws AppError 422 `shift_not_open` when the register has none.
 */
export async function requireOpenShiftId(ctx: Ctx, registerId: string): Promise<string> {
  const open = await repo.findOpenShift(ctx, registerId);
  if (!open) {
    throw new AppError('shift_not_open', 422, 'Open a shift on this register first', { registerId });
  }
  return open.shift.id;
}

/**
 * Opens a shift on a register with the counted float. Idempotent by `input.id`: the stored shift
 * comes back with `created: false`.
 * @throws AppError 404 `register_not_found`; 409 `shift_already_open` (details: the open shift's
 *   id); 409 `shift_id_conflict` when the id names a shift of another register.
 */
export async function openShift(ctx: Ctx, input: OpenShiftRequest): Promise<Created<Shift>> {
  const company = await repo.findCompany(ctx);
  const existing = await repo.findShift(ctx, input.id);
  if (existing) {
    if (
      existing.shift.registerId !== input.registerId ||
      existing.shift.openingFloat !== input.openingFloat
    ) {
      throw new AppError('shift_id_conflict', 409, 'A different shift with this id already exists', {
        shiftId: input.id,
      });
    }
    return { value: toShiftDto(existing, company.currency), created: false };
  }
  const found = await findRegister(ctx, input.registerId);
  if (!found)
    throw new AppError('register_not_found', 404, 'Register not found', { registerId: input.registerId });
  await repo.lockRegister(ctx, input.registerId);
  const open = await repo.findOpenShift(ctx, input.registerId);
  if (open) {
    throw new AppError('shift_already_open', 409, 'A shift is already open on this register', {
      shiftId: open.shift.id,
      registerId: input.registerId,
    });
  }
  const inserted = await repo.insertShiftIfNew(ctx, {
    companyId: ctx.companyId,
    id: input.id,
    storeId: found.store.id,
    registerId: input.registerId,
    openedBy: ctx.userId,
    openingFloat: input.openingFloat,
    openedAt: new Date(),
  });
  if (!inserted) {
    // A concurrent request stored this id between our read and our insert.
    throw new AppError('shift_id_conflict', 409, 'A shift with this id was just created', {
      shiftId: input.id,
    });
  }
  return { value: toShiftDto(await requireShift(ctx, input.id), company.currency), created: true };
}

/**
 * Records cash paid into or out of the drawer of an open shift. Idempotent by `input.id`.
 * @throws AppError 404 `not_found`; 409 `shift_closed`; 422 `insufficient_cash` when a paid out
 *   exceeds the cash the drawer should hold; 409 `cash_movement_id_conflict` when the id names a
 *   different movement.
 */
export async function recordCashMovement(
  ctx: Ctx,
  shiftId: string,
  input: CashMovementRequest,
): Promise<Created<CashMovement>> {
  const h = await requireShift(ctx, shiftId, true);
  const existing = await repo.findCashMovement(ctx, input.id);
  if (existing) {
    const m = existing.movement;
    if (m.shiftId !== shiftId || m.kind !== input.kind || m.amount !== input.amount) {
      throw new AppError('cash_movement_id_conflict', 409, 'A different cash movement with this id exists', {
        id: input.id,
      });
    }
    return { value: toMovementDto(existing), created: false };
  }
  assertOpen(h);
  if (input.kind === 'paid_out') {
    const report = await buildReport(ctx, h);
    if (input.amount > report.expectedCash) {
      throw new AppError('insufficient_cash', 422, 'The drawer should not hold that much cash', {
        expectedCash: report.expectedCash,
        amount: input.amount,
      });
    }
  }
  await repo.insertCashMovement(ctx, {
    companyId: ctx.companyId,
    id: input.id,
    shiftId,
    kind: input.kind,
    amount: input.amount,
    reason: input.reason,
    userId: ctx.userId,
    createdAt: new Date(),
  });
  return { value: toMovementDto((await repo.findCashMovement(ctx, input.id))!), created: true };
}

async function buildReport(ctx: Ctx, h: repo.ShiftHeader, currency?: string): Promise<ShiftReport> {
  const cur = currency ?? (await repo.findCompany(ctx)).currency;
  const [sales, tenders, taxes, movements] = [
    await repo.saleTotals(ctx, h.shift.id),
    await repo.tenderTotals(ctx, h.shift.id),
    await repo.taxTotals(ctx, h.shift.id),
    (await repo.listCashMovements(ctx, h.shift.id)).map(toMovementDto),
  ];
  const paidIn = movements.filter((m) => m.kind === 'paid_in').reduce((a, m) => a + m.amount, 0);
  const paidOut = movements.filter((m) => m.kind === 'paid_out').reduce((a, m) => a + m.amount, 0);
  const cashSales = tenders.find((t) => t.method === 'cash')?.amount ?? 0;
  const { refunds, voids, cashRefunds } = await repo.refundTotals(ctx, h.shift.id);
  const waiting = await parked.parkedInShift(ctx, h.shift.id);
  return {
    shift: toShiftDto(h, cur),
    storeName: h.store.name,
    generatedAt: new Date().toISOString(),
    sales: { ...sales, amountDue: sales.total + sales.cashRounding },
    refunds,
    voids,
    taxes,
    tenders,
    paidIn,
    paidOut,
    cashMovements: movements,
    cashSales,
    cashRefunds,
    expectedCash: expectedCash({
      openingFloat: h.shift.openingFloat,
      cashSales,
      cashRefunds,
      paidIn,
      paidOut,
    }),
    parkedSales: waiting.map((w) => ({
      id: w.parked.id,
      total: w.parked.total,
      note: w.parked.note,
      cashierName: w.cashierName,
      createdAt: w.parked.createdAt.toISOString(),
    })),
  };
}

/** The X report: the shift's figures so far, without closing it (also for a closed shift). */
export async function xReport(ctx: Ctx, shiftId: string): Promise<ShiftReport> {
  return buildReport(ctx, await requireShift(ctx, shiftId));
}

function denominationsOf(company: { currency: string; cashDenominations: unknown }): readonly Denomination[] {
  return denominationsFor(
    company.currency,
    company.cashDenominations as Record<string, readonly Denomination[]> | null,
  );
}

/** What the close screen needs: the currency's denominations and the store's over/short threshold. */
export async function closeInfo(ctx: Ctx, shiftId: string): Promise<CloseShiftInfo> {
  const h = await requireShift(ctx, shiftId);
  const company = await repo.findCompany(ctx);
  return {
    currency: company.currency,
    denominations: [...denominationsOf(company)],
    varianceThreshold: h.store.cashVarianceThreshold,
  };
}

/**
 * Closes an open shift with the drawer counted by denomination, and writes its Z report, numbered
 * per register (1, 2, 3 ... without gaps). An over/short above the store's threshold (absolute,
 * minor units) needs `approval` by a manager's PIN. Carts still parked in the shift are listed in
 * the Z report and expire.
 * @throws AppError 404 `not_found`; 409 `shift_closed` (closing twice); 422 `approval_required`
 *   (details: expected, counted, over/short, threshold); 403 `approval_invalid`;
 *   DomainError 422 `unknown_denomination`, `invalid_count`.
 */
export async function closeShift(ctx: Ctx, shiftId: string, input: CloseShiftRequest): Promise<ZReport> {
  const h = await requireShift(ctx, shiftId, true);
  assertOpen(h);
  const company = await repo.findCompany(ctx);
  const counted = countCash(input.counts, denominationsOf(company));
  const report = await buildReport(ctx, h, company.currency);
  const threshold = h.store.cashVarianceThreshold;
  const { overShort, needsApproval } = computeOverShort(report.expectedCash, counted, threshold);
  let approvedBy: string | null = null;
  if (needsApproval) {
    if (!input.approval) {
      throw new AppError(
        'approval_required',
        422,
        'The over/short is above the store threshold: a manager must approve',
        {
          expectedCash: report.expectedCash,
          countedCash: counted,
          overShort,
          threshold,
        },
      );
    }
    approvedBy = await verifyManagerPin(ctx, input.approval);
  }
  await repo.lockRegister(ctx, h.shift.registerId);
  const zNumber = await repo.nextZNumber(ctx, h.shift.registerId);
  const closedAt = new Date();
  const closedShift = { ...h, shift: { ...h.shift, closedAt, closedBy: ctx.userId }, zNumber };
  const finalReport: ShiftReport = { ...report, shift: toShiftDto(closedShift, company.currency) };
  await repo.insertZReport(ctx, {
    companyId: ctx.companyId,
    shiftId,
    registerId: h.shift.registerId,
    zNumber,
    expectedCash: report.expectedCash,
    countedCash: counted,
    overShort,
    counts: input.counts,
    report: finalReport,
    closedBy: ctx.userId,
    approvedBy,
    createdAt: closedAt,
  });
  await repo.markClosed(ctx, shiftId, closedAt);
  // Recorded in the close's transaction: who closed, who approved an over/short, the figures.
  await recordAudit(ctx, {
    action: 'shift.closed',
    stream: registerStream(h.shift.registerId),
    approverId: approvedBy,
    subject: { type: 'shift', id: shiftId },
    storeId: h.shift.storeId,
    registerId: h.shift.registerId,
    details: { zNumber, expectedCash: report.expectedCash, countedCash: counted, overShort },
  });
  // Carts still parked are listed in the Z report (above) and expire with the shift.
  await parked.expireShift(ctx, shiftId, closedAt);
  return getZReport(ctx, shiftId);
}

/** e.g. "S1-R2-Z0003": store code, register code, Z number. */
export function formatZReference(storeCode: string, registerCode: string, zNumber: number): string {
  return `${storeCode}-${registerCode}-Z${String(zNumber).padStart(4, '0')}`;
}

/** The Z report of a closed shift. @throws AppError 404 `not_found`, 404 `shift_not_closed`. */
export async function getZReport(ctx: Ctx, shiftId: string): Promise<ZReport> {
  const h = await requireShift(ctx, shiftId);
  const z = await repo.findZReport(ctx, shiftId);
  if (!z) throw new AppError('shift_not_closed', 404, 'This shift is not closed yet', { shiftId });
  const closer = await repo.findUser(ctx, z.closedBy);
  const approver = z.approvedBy ? await repo.findUser(ctx, z.approvedBy) : undefined;
  return {
    zNumber: z.zNumber,
    reference: formatZReference(h.store.code, h.registerCode, z.zNumber),
    report: z.report as ShiftReport,
    counts: z.counts as ZReport['counts'],
    countedCash: z.countedCash,
    expectedCash: z.expectedCash,
    overShort: z.overShort,
    closedBy: z.closedBy,
    closedByName: closer?.name ?? '',
    approvedBy: z.approvedBy,
    approvedByName: approver?.name ?? null,
    closedAt: z.createdAt.toISOString(),
  };
}

/** The IANA time zone of the shift's store (for printing times). @throws AppError 404 `not_found`. */
export async function storeTimeZone(ctx: Ctx, shiftId: string): Promise<string> {
  return (await requireShift(ctx, shiftId)).store.timeZone;
}
