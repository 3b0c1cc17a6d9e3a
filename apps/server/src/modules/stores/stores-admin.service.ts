import type {
  CreateRegisterRequest,
  CreateStoreRequest,
  Store,
  UpdateRegisterRequest,
  UpdateStoreRequest,
} from '@kassa/contracts';
import { newDocumentId } from '@kassa/domain';
import type { Ctx } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import * as repo from './stores-admin.repository.ts';
import { listStores } from './stores.service.ts';

/** True for an IANA time zone name the runtime knows (Intl, i.e. the tz database). */
function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

function checkTimeZone(name: string | undefined): void {
  if (name !== undefined && !isTimeZone(name)) {
    throw new AppError('invalid_time_zone', 400, `${name} is not an IANA time zone`, { timeZone: name });
  }
}

async function storeById(ctx: Ctx, id: string): Promise<Store> {
  const store = (await listStores(ctx)).items.find((s) => s.id === id);
  if (!store) throw new AppError('store_not_found', 404, 'Store not found', { storeId: id });
  return store;
}

/**
 * Creates a store. Errors: `store_code_taken` (409), `invalid_time_zone` (400).
 */
export async function createStore(ctx: Ctx, input: CreateStoreRequest): Promise<Store> {
  checkTimeZone(input.timeZone);
  if (await repo.storeCodeTaken(ctx, input.code)) {
    throw new AppError('store_code_taken', 409, `Store code ${input.code} is taken`, { code: input.code });
  }
  const id = newDocumentId();
  await repo.insertStore(ctx, id, {
    code: input.code,
    name: input.name,
    addressLine1: input.address.line1,
    city: input.address.city,
    region: input.address.region,
    postalCode: input.address.postalCode,
    country: input.address.country,
    timeZone: input.timeZone,
    receiptFooter: input.receiptFooter,
    receiptHeader: input.receiptHeader,
    taxId: input.taxId,
    noReceiptRefundTo: input.noReceiptRefundTo,
    cashVarianceThreshold: input.cashVarianceThreshold,
    offlineLimitHours: input.offlineLimitHours,
  });
  return storeById(ctx, id);
}

/** Edits a store's name, address, time zone, receipt header and footer, tax id, where returns without a receipt pay out (`noReceiptRefundTo`), the shift over/short threshold (`cashVarianceThreshold`, minor units) or the offline limit (`offlineLimitHours`, 1 to 168). Audited as `store.updated` with the store before and after. Errors: `store_not_found` (404), `invalid_time_zone` (400). */
export async function updateStore(ctx: Ctx, id: string, input: UpdateStoreRequest): Promise<Store> {
  const before = await storeById(ctx, id);
  checkTimeZone(input.timeZone);
  await repo.updateStore(ctx, id, {
    ...(input.name !== undefined ? { name: input.name } : {}),
    ...(input.address
      ? {
          addressLine1: input.address.line1,
          city: input.address.city,
          region: input.address.region,
          postalCode: input.address.postalCode,
          country: input.address.country,
        }
      : {}),
    ...(input.timeZone !== undefined ? { timeZone: input.timeZone } : {}),
    ...(input.receiptFooter !== undefined ? { receiptFooter: input.receiptFooter } : {}),
    ...(input.receiptHeader !== undefined ? { receiptHeader: input.receiptHeader } : {}),
    ...(input.taxId !== undefined ? { taxId: input.taxId } : {}),
    ...(input.noReceiptRefundTo !== undefined ? { noReceiptRefundTo: input.noReceiptRefundTo } : {}),
    ...(input.cashVarianceThreshold !== undefined
      ? { cashVarianceThreshold: input.cashVarianceThreshold }
      : {}),
    ...(input.offlineLimitHours !== undefined ? { offlineLimitHours: input.offlineLimitHours } : {}),
  });
  const after = await storeById(ctx, id);
  // Store settings (over/short threshold, refunds without receipt, offline limit…) are audited
  // like the company's (issue 4: settings changes).
  await recordAudit(ctx, {
    action: 'store.updated',
    subject: { type: 'store', id },
    storeId: id,
    details: { before, after },
  });
  return after;
}

/** Adds a register to a store; its receipt numbers start at 1. Errors: `store_not_found` (404), `register_code_taken` (409). */
export async function createRegister(
  ctx: Ctx,
  storeId: string,
  input: CreateRegisterRequest,
): Promise<Store> {
  if (!(await repo.storeExists(ctx, storeId))) {
    throw new AppError('store_not_found', 404, 'Store not found', { storeId });
  }
  if (await repo.registerCodeTaken(ctx, storeId, input.code)) {
    throw new AppError('register_code_taken', 409, `Register code ${input.code} is taken in this store`, {
      code: input.code,
    });
  }
  await repo.insertRegister(ctx, { id: newDocumentId(), storeId, code: input.code, name: input.name });
  return storeById(ctx, storeId);
}

/** Renames a register. @throws AppError `register_not_found` (404). */
export async function updateRegister(ctx: Ctx, id: string, input: UpdateRegisterRequest) {
  const register = await repo.renameRegister(ctx, id, input.name);
  if (!register) throw new AppError('register_not_found', 404, 'Register not found', { registerId: id });
  return register;
}
