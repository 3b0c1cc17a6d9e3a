import { z } from 'zod';
import { DocumentId } from './common.ts';

const LocalDate = z.iso.date().describe('A calendar day in the store time zone, YYYY-MM-DD');

export const AgeCheckMethod = z.enum(['birth_date', 'id_scan', 'visual']);
export const AgeCheckResult = z.enum(['passed', 'refused']);
export const AgeCheckReason = z.enum(['under_age', 'id_expired', 'id_unreadable', 'invalid_birth_date']);

/**
 * What the cashier recorded for a cart with age-restricted lines: a typed date of birth, the
 * decoded text of a scanned US/Canadian licence barcode (AAMVA PDF417; `DBB` birth date, `DBA`
 * expiry), or "customer clearly over N" where the store allows it. The server evaluates it.
 */
export const AgeCheckInput = z.discriminatedUnion('method', [
  z
    .object({
      method: z.literal('birth_date'),
      birthDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'YYYY-MM-DD' }),
    })
    .strict(),
  z.object({ method: z.literal('id_scan'), idBarcode: z.string().min(1).max(4000) }).strict(),
  z.object({ method: z.literal('visual') }).strict(),
]);
export type AgeCheckInput = z.infer<typeof AgeCheckInput>;

/**
 * Logs a check on its own (a refusal, before the restricted lines are removed). `checkedAt` is the
 * terminal's clock when the cashier checked; the server judges at the earlier of it and its own
 * clock, as it does for a sale, so the log agrees with what the cashier was shown.
 */
export const RecordAgeCheckRequest = z
  .object({
    id: DocumentId,
    registerId: z.uuid(),
    check: AgeCheckInput,
    checkedAt: z.iso.datetime({ offset: true }).optional().describe('When the terminal checked'),
  })
  .strict();
export type RecordAgeCheckRequest = z.infer<typeof RecordAgeCheckRequest>;

/** A recorded check. `birthDate` only when the store keeps birth dates (off by default). */
export const AgeCheck = z.object({
  id: z.uuid(),
  storeId: z.uuid(),
  registerId: z.uuid(),
  cashierId: z.uuid(),
  saleId: z.uuid().nullable(),
  method: AgeCheckMethod,
  result: AgeCheckResult,
  reason: AgeCheckReason.nullable(),
  minimumAge: z.number().int(),
  birthDate: z.string().nullable(),
  checkedAt: z.string(),
});
export type AgeCheck = z.infer<typeof AgeCheck>;

/** A store's age-check rules. */
export const AgePolicy = z
  .object({
    minimumAge: z
      .number()
      .int()
      .min(1)
      .max(99)
      .nullable()
      .describe('Completed years to buy age-restricted products (21 US, 18/19 elsewhere); null = no checks'),
    visualOver: z
      .number()
      .int()
      .min(1)
      .max(120)
      .nullable()
      .describe('Customers clearly over this age may be checked by sight; null = never'),
    keepBirthDate: z
      .boolean()
      .describe('Store the birth date on each check (off: method, result, reason only)'),
  })
  .strict();
export type AgePolicy = z.infer<typeof AgePolicy>;

/** Compliance report query: local days of the store(s), at most 366 days. */
export const AgeCheckReportQuery = z
  .object({ from: LocalDate, to: LocalDate, storeId: z.uuid().optional() })
  .strict()
  .refine((q) => q.from <= q.to, { message: 'from must not be after to', path: ['to'] })
  .refine((q) => Date.parse(q.to) - Date.parse(q.from) <= 366 * 86_400_000, {
    message: 'a report covers at most 366 days',
    path: ['to'],
  });
export type AgeCheckReportQuery = z.infer<typeof AgeCheckReportQuery>;

/** Checks and refusals counted by local day, store, register, cashier and method. */
export const AgeCheckReportRow = z.object({
  day: z.string(),
  storeId: z.uuid(),
  storeName: z.string(),
  registerId: z.uuid(),
  registerName: z.string(),
  cashierId: z.uuid(),
  cashierName: z.string(),
  method: AgeCheckMethod,
  passed: z.number().int(),
  refused: z.number().int(),
});
export const AgeCheckReport = z.object({
  from: z.string(),
  to: z.string(),
  rows: z.array(AgeCheckReportRow),
  totals: z.object({ passed: z.number().int(), refused: z.number().int() }),
});
export type AgeCheckReport = z.infer<typeof AgeCheckReport>;
