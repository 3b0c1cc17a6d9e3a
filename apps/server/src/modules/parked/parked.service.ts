import type { ParkSaleRequest, ParkedSale } from '@kassa/contracts';
import type { Ctx } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { findRegister } from '../sales/sales.repository.ts';
import { requireOpenShiftId } from '../shifts/shifts.service.ts';
import * as repo from './parked.repository.ts';

/** The outcome of a create use case: the stored document, and whether this request created it. */
export type Created<T> = { value: T; created: boolean };

function toDto(row: repo.ParkedRow): ParkedSale {
  const p = row.parked;
  return {
    id: p.id,
    storeId: p.storeId,
    registerId: p.registerId,
    registerName: row.registerName,
    shiftId: p.shiftId,
    cashierId: p.cashierId,
    cashierName: row.cashierName,
    lines: p.lines as ParkedSale['lines'],
    note: p.note,
    total: p.total,
    state: p.state,
    createdAt: p.createdAt.toISOString(),
    resumedAt: p.resumedAt ? p.resumedAt.toISOString() : null,
    resumedRegisterId: p.resumedRegisterId,
  };
}

/**
 * Parks the cart of a register in its open shift. Idempotent by `input.id`.
 * @throws AppError 404 `register_not_found`; 422 `shift_not_open`; 409 `parked_sale_id_conflict`.
 */
export async function parkSale(ctx: Ctx, input: ParkSaleRequest): Promise<Created<ParkedSale>> {
  const existing = await repo.findParked(ctx, input.id);
  if (existing) {
    if (existing.parked.registerId !== input.registerId) {
      throw new AppError('parked_sale_id_conflict', 409, 'A different parked sale has this id', {
        id: input.id,
      });
    }
    return { value: toDto(existing), created: false };
  }
  const found = await findRegister(ctx, input.registerId);
  if (!found)
    throw new AppError('register_not_found', 404, 'Register not found', { registerId: input.registerId });
  const shiftId = await requireOpenShiftId(ctx, input.registerId);
  await repo.insertParked(ctx, {
    companyId: ctx.companyId,
    id: input.id,
    storeId: found.store.id,
    registerId: input.registerId,
    shiftId,
    cashierId: ctx.userId,
    lines: input.lines,
    note: input.note,
    total: input.total,
    createdAt: new Date(),
  });
  return { value: toDto((await repo.findParked(ctx, input.id))!), created: true };
}

/** Carts waiting in a store, oldest first. @throws AppError 404 `store_not_found` is not raised: an unknown store lists nothing. */
export async function listParked(ctx: Ctx, storeId: string): Promise<ParkedSale[]> {
  return (await repo.listParked(ctx, storeId)).map(toDto);
}

/**
 * Resumes a parked cart on a register of the same store with an open shift: the terminal loads
 * its lines and prices them again. A cart resumes once.
 * @throws AppError 404 `not_found`, `register_not_found`; 422 `parked_other_store`,
 *   `shift_not_open`; 409 `parked_sale_unavailable` (already resumed or expired).
 */
export async function resumeParked(ctx: Ctx, id: string, registerId: string): Promise<ParkedSale> {
  const row = await repo.findParked(ctx, id, true);
  if (!row) throw new AppError('not_found', 404, 'Parked sale not found', { id });
  const found = await findRegister(ctx, registerId);
  if (!found) throw new AppError('register_not_found', 404, 'Register not found', { registerId });
  if (row.parked.state !== 'parked') {
    throw new AppError('parked_sale_unavailable', 409, `This sale was ${row.parked.state}`, {
      id,
      state: row.parked.state,
    });
  }
  if (found.store.id !== row.parked.storeId) {
    throw new AppError('parked_other_store', 422, 'A parked sale resumes in its own store', { id });
  }
  await requireOpenShiftId(ctx, registerId);
  await repo.markResumed(ctx, id, registerId);
  return toDto((await repo.findParked(ctx, id))!);
}
