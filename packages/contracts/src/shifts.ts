import { z } from 'zod';
import { DocumentId, MinorUnits } from './common.ts';

/** Open a shift (cash session) on a register with the float counted into the drawer. */
export const OpenShiftRequest = z
  .object({
    id: DocumentId,
    registerId: z.uuid(),
    openingFloat: MinorUnits.min(0).describe('Cash counted into the drawer at the start, minor units'),
  })
  .strict();
export type OpenShiftRequest = z.infer<typeof OpenShiftRequest>;

export const Shift = z.object({
  id: z.uuid(),
  storeId: z.uuid(),
  registerId: z.uuid(),
  registerName: z.string(),
  currency: z.string(),
  status: z.enum(['open', 'closed']),
  openingFloat: MinorUnits,
  openedBy: z.uuid(),
  openedByName: z.string(),
  openedAt: z.string(),
  closedAt: z.string().nullable(),
  zNumber: z.number().int().nullable().describe('Number of the Z report, once closed'),
});
export type Shift = z.infer<typeof Shift>;

export const CashMovementKind = z.enum(['paid_in', 'paid_out']);

/** Cash put into (paid in) or taken out of (paid out) the drawer outside a sale, with the reason. */
export const CashMovementRequest = z
  .object({
    id: DocumentId,
    kind: CashMovementKind,
    amount: MinorUnits.positive(),
    reason: z.string().trim().min(1).max(200),
  })
  .strict();
export type CashMovementRequest = z.infer<typeof CashMovementRequest>;

export const CashMovement = z.object({
  id: z.uuid(),
  shiftId: z.uuid(),
  kind: CashMovementKind,
  amount: MinorUnits,
  reason: z.string(),
  userId: z.uuid(),
  userName: z.string(),
  createdAt: z.string(),
});
export type CashMovement = z.infer<typeof CashMovement>;

/**
 * The figures of a shift so far (X report) or at its close (inside the Z report). Sales and
 * amounts are minor units; `expectedCash` = float + cash sales + paid in - cash refunds - paid out.
 */
export const ShiftReport = z.object({
  shift: Shift,
  storeName: z.string(),
  generatedAt: z.string(),
  sales: z.object({
    count: z.number().int(),
    gross: MinorUnits.describe('Sum of line gross amounts (subtotal)'),
    discounts: MinorUnits,
    taxes: MinorUnits,
    total: MinorUnits.describe('Sum of sale totals before cash rounding'),
    cashRounding: MinorUnits,
    amountDue: MinorUnits.describe('total + cashRounding: what customers paid'),
  }),
  refunds: z.object({ count: z.number().int(), total: MinorUnits }),
  voids: z.object({ count: z.number().int(), total: MinorUnits }),
  taxes: z.array(
    z.object({ taxId: z.string(), name: z.string(), rate: z.string(), base: MinorUnits, amount: MinorUnits }),
  ),
  tenders: z.array(
    z.object({ method: z.string(), count: z.number().int(), amount: MinorUnits.describe('Applied amount') }),
  ),
  paidIn: MinorUnits,
  paidOut: MinorUnits,
  cashMovements: z.array(CashMovement),
  cashSales: MinorUnits,
  cashRefunds: MinorUnits,
  expectedCash: MinorUnits,
  parkedSales: z
    .array(
      z.object({
        id: z.uuid(),
        total: MinorUnits,
        note: z.string(),
        cashierName: z.string(),
        createdAt: z.string(),
      }),
    )
    .describe('Carts parked in this shift and not resumed; they expire when it closes'),
});
export type ShiftReport = z.infer<typeof ShiftReport>;

export const DenominationKind = z.enum(['bill', 'coin']);

export const Denomination = z.object({ value: MinorUnits, kind: DenominationKind, label: z.string() });
export type Denomination = z.infer<typeof Denomination>;

export const DenominationCount = z
  .object({
    value: MinorUnits.positive().describe('Face value, minor units'),
    kind: DenominationKind,
    count: z.number().int().min(0).describe('Pieces counted'),
  })
  .strict();
export type DenominationCount = z.infer<typeof DenominationCount>;

/** The denominations the drawer of this shift is counted in, and the store's over/short threshold. */
export const CloseShiftInfo = z.object({
  currency: z.string(),
  denominations: z.array(Denomination),
  varianceThreshold: MinorUnits.describe('Over/short above this (absolute) needs a manager approval'),
});
export type CloseShiftInfo = z.infer<typeof CloseShiftInfo>;

/**
 * Close a shift with the drawer counted by denomination. When the over/short exceeds the store's
 * threshold, a manager (or owner) approves by their user id and PIN.
 */
export const CloseShiftRequest = z
  .object({
    counts: z.array(DenominationCount).max(50),
    approval: z
      .object({ managerId: z.uuid(), pin: z.string().regex(/^\d{4,6}$/) })
      .strict()
      .optional(),
  })
  .strict();
export type CloseShiftRequest = z.infer<typeof CloseShiftRequest>;

/** The immutable report of a closed shift, numbered per register. */
export const ZReport = z.object({
  zNumber: z.number().int(),
  reference: z.string().describe('e.g. "S1-R1-Z0003": store, register, Z number'),
  report: ShiftReport,
  counts: z.array(DenominationCount),
  countedCash: MinorUnits,
  expectedCash: MinorUnits,
  overShort: MinorUnits.describe('counted - expected: positive over, negative short'),
  closedBy: z.uuid(),
  closedByName: z.string(),
  approvedBy: z.uuid().nullable(),
  approvedByName: z.string().nullable(),
  closedAt: z.string(),
});
export type ZReport = z.infer<typeof ZReport>;

/** A binary PDF response (documented only; the body is the file, not JSON). */
export const PdfFile = z.any().describe('application/pdf file');
