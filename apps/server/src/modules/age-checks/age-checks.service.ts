import { evaluateAgeCheck, newDocumentId, type AgeCheckEvidence } from '@kassa/domain';
import type {
  AgeCheck,
  AgeCheckInput,
  AgeCheckReport,
  AgeCheckReportQuery,
  AgePolicy,
  RecordAgeCheckRequest,
} from '@kassa/contracts';
import type { schema as s } from '@kassa/db';
import type { Ctx } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { recordAudit, registerStream } from '../audit/audit.service.ts';
import * as repo from './age-checks.repository.ts';

type StoreRow = typeof s.stores.$inferSelect;

/** A check evaluated for a sale, written with the sale once it has its row. */
export type PendingAgeCheck = Omit<repo.NewAgeCheckRow, 'saleId'>;

function toDto(row: repo.AgeCheckRow): AgeCheck {
  return {
    id: row.id,
    storeId: row.storeId,
    registerId: row.registerId,
    cashierId: row.cashierId,
    saleId: row.saleId,
    method: row.method,
    result: row.result,
    reason: row.reason,
    minimumAge: row.minimumAge,
    birthDate: row.birthDate,
    checkedAt: row.checkedAt.toISOString(),
  };
}

function evidenceOf(input: AgeCheckInput): AgeCheckEvidence {
  return input;
}

/**
 * Evaluates a check with the store's rules: its minimum age, in its time zone, at `at`.
 * @throws AppError 422 `age_check_method_not_allowed` for a visual check where the store does not
 * allow one.
 */
function evaluate(
  ctx: Ctx,
  store: StoreRow & { minimumAge: number },
  registerId: string,
  input: AgeCheckInput,
  at: Date,
  id: string,
): repo.NewAgeCheckRow {
  if (input.method === 'visual' && store.ageCheckVisualOver === null) {
    throw new AppError('age_check_method_not_allowed', 422, 'This store does not allow visual age checks', {
      method: input.method,
    });
  }
  const outcome = evaluateAgeCheck(evidenceOf(input), store.minimumAge, at, store.timeZone);
  return {
    companyId: ctx.companyId,
    id,
    storeId: store.id,
    registerId,
    cashierId: ctx.userId,
    method: input.method,
    result: outcome.result,
    reason: outcome.reason ?? null,
    minimumAge: store.minimumAge,
    // Privacy: the birth date is personal data the check no longer needs once evaluated.
    birthDate: store.ageCheckKeepBirthDate ? (outcome.birthDate ?? null) : null,
    checkedAt: at,
  };
}

/**
 * The age check a sale needs, evaluated before anything is written. A store without a minimum age
 * checks nothing; a cart without age-restricted lines needs no check (a check sent anyway is
 * ignored). The check is evaluated at the earlier of now and when the terminal completed the
 * sale, so an offline sale cannot pass for someone who had their birthday since.
 * @param restrictedLines indexes of the age-restricted lines (named in the error details).
 * @throws AppError 422 `age_check_required` (no check sent), `age_check_failed` (refused: details
 * `reason`, `minimumAge`, `lines`), `age_check_method_not_allowed`.
 */
export function checkForSale(
  ctx: Ctx,
  store: StoreRow,
  registerId: string,
  input: AgeCheckInput | undefined,
  restrictedLines: number[],
  at: Date,
): PendingAgeCheck | undefined {
  const minimumAge = store.minimumAge;
  if (minimumAge === null || restrictedLines.length === 0) return undefined;
  if (!input) {
    throw new AppError('age_check_required', 422, `Check that the customer is at least ${minimumAge}`, {
      minimumAge,
      lines: restrictedLines,
    });
  }
  const row = evaluate(ctx, { ...store, minimumAge }, registerId, input, at, newDocumentId());
  if (row.result !== 'passed') {
    throw new AppError('age_check_failed', 422, 'The age check did not pass: remove the restricted lines', {
      reason: row.reason,
      minimumAge,
      lines: restrictedLines,
    });
  }
  return row;
}

/** Writes the passed check of a sale, in the sale's transaction, after the sale row. */
export async function recordForSale(ctx: Ctx, check: PendingAgeCheck, saleId: string): Promise<void> {
  await repo.insertIfNew(ctx, { ...check, saleId });
}

/** The check that cleared a sale, or null (no restricted lines, or a store without checks). */
export async function ageCheckOfSale(ctx: Ctx, saleId: string): Promise<AgeCheck | null> {
  const row = await repo.findForSale(ctx, saleId);
  return row ? toDto(row) : null;
}

/**
 * Records a check on its own, typically a refusal before the cashier removes the restricted lines
 * (a passing check is recorded with its sale). Idempotent by the client-made id. Judged at the
 * earlier of now and the terminal's `checkedAt`, like a sale. A refusal is also written to the
 * register's audit stream.
 * @throws AppError 404 `register_not_found`; 409 `age_check_id_conflict` (id used by another
 * register); 422 `age_check_not_required` (the store checks no ages), `age_check_method_not_allowed`.
 */
export async function recordAgeCheck(
  ctx: Ctx,
  input: RecordAgeCheckRequest,
): Promise<{ value: AgeCheck; created: boolean }> {
  const existing = await repo.findAgeCheck(ctx, input.id);
  if (existing) {
    if (existing.registerId !== input.registerId || existing.method !== input.check.method)
      throw new AppError('age_check_id_conflict', 409, 'A different age check with this id exists', {
        id: input.id,
      });
    return { value: toDto(existing), created: false };
  }
  const found = await repo.findRegister(ctx, input.registerId);
  if (!found)
    throw new AppError('register_not_found', 404, 'Register not found', { registerId: input.registerId });
  const { register, store } = found;
  const minimumAge = store.minimumAge;
  if (minimumAge === null)
    throw new AppError('age_check_not_required', 422, 'This store does not check ages', {
      storeId: store.id,
    });
  const at = earlierOf(new Date(), input.checkedAt);
  const row = evaluate(ctx, { ...store, minimumAge }, register.id, input.check, at, input.id);
  if (!(await repo.insertIfNew(ctx, { ...row, saleId: null }))) {
    const stored = await repo.findAgeCheck(ctx, input.id);
    return { value: toDto(stored!), created: false };
  }
  if (row.result === 'refused')
    await recordAudit(ctx, {
      action: 'age_check.refused',
      stream: registerStream(register.id),
      subject: { type: 'age_check', id: row.id },
      storeId: store.id,
      registerId: register.id,
      details: { method: row.method, reason: row.reason, minimumAge },
    });
  return {
    value: toDto({
      ...row,
      saleId: null,
      reason: row.reason ?? null,
      birthDate: row.birthDate ?? null,
      createdAt: row.checkedAt,
    }),
    created: true,
  };
}

/** A store's age-check rules. @throws AppError 404 `store_not_found` (also another company's). */
export async function getAgePolicy(ctx: Ctx, storeId: string): Promise<AgePolicy> {
  const store = await repo.findStore(ctx, storeId);
  if (!store) throw new AppError('store_not_found', 404, 'Store not found', { storeId });
  return {
    minimumAge: store.minimumAge,
    visualOver: store.ageCheckVisualOver,
    keepBirthDate: store.ageCheckKeepBirthDate,
  };
}

/**
 * Replaces a store's age-check rules; audited. A visual threshold below the minimum age would let
 * a cashier wave through someone under age, so it is refused.
 * @throws AppError 404 `store_not_found`; 422 `invalid_age_policy`.
 */
export async function setAgePolicy(ctx: Ctx, storeId: string, policy: AgePolicy): Promise<AgePolicy> {
  const store = await repo.findStore(ctx, storeId);
  if (!store) throw new AppError('store_not_found', 404, 'Store not found', { storeId });
  if (policy.visualOver !== null && (policy.minimumAge === null || policy.visualOver < policy.minimumAge))
    throw new AppError(
      'invalid_age_policy',
      422,
      'A visual check needs a threshold at or above the minimum age',
      {
        minimumAge: policy.minimumAge,
        visualOver: policy.visualOver,
      },
    );
  await repo.updateStorePolicy(ctx, storeId, {
    minimumAge: policy.minimumAge,
    ageCheckVisualOver: policy.visualOver,
    ageCheckKeepBirthDate: policy.keepBirthDate,
  });
  await recordAudit(ctx, {
    action: 'settings.updated',
    subject: { type: 'store', id: storeId },
    storeId,
    details: { ageCheckPolicy: { ...policy } },
  });
  return policy;
}

/**
 * The compliance report: checks passed and refused per local day, store, register, cashier and
 * method. @throws AppError 404 `store_not_found` for an unknown or foreign `storeId`.
 */
export async function ageCheckReport(ctx: Ctx, query: AgeCheckReportQuery): Promise<AgeCheckReport> {
  if (query.storeId && !(await repo.findStore(ctx, query.storeId)))
    throw new AppError('store_not_found', 404, 'Store not found', { storeId: query.storeId });
  const period = { from: query.from, to: query.to, storeId: query.storeId };
  const rows = (await repo.report(ctx, period)).map((r) => ({
    day: r.day,
    storeId: r.store_id,
    storeName: r.store_name,
    registerId: r.register_id,
    registerName: r.register_name,
    cashierId: r.cashier_id,
    cashierName: r.cashier_name,
    method: r.method,
    passed: Number(r.passed),
    refused: Number(r.refused),
  }));
  return {
    from: query.from,
    to: query.to,
    rows,
    totals: {
      passed: rows.reduce((n, r) => n + r.passed, 0),
      refused: rows.reduce((n, r) => n + r.refused, 0),
    },
  };
}

/** The earlier of `now` and an ISO instant (when the terminal completed a sale), if given. */
export function earlierOf(now: Date, iso: string | undefined): Date {
  if (!iso) return now;
  const t = new Date(iso);
  return t < now ? t : now;
}
