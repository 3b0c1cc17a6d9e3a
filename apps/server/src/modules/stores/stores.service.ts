import type { z } from 'zod';
import type { RegisterSyncStatusList, StaffList, StoreList } from '@kassa/contracts';
import { SYNC_LAGGING_AFTER_SECONDS } from '../../observability/sync-lag.ts';
import type { Ctx } from '../../context.ts';
import * as repo from './stores.repository.ts';

/** The company's stores with their registers, ordered by store code. */
export async function listStores(ctx: Ctx): Promise<z.infer<typeof StoreList>> {
  const stores = await repo.listStores(ctx);
  const registers = await repo.listRegisters(ctx);
  return {
    items: stores.map((st) => ({
      id: st.id,
      code: st.code,
      name: st.name,
      address: {
        line1: st.addressLine1,
        city: st.city,
        region: st.region,
        postalCode: st.postalCode,
        country: st.country,
      },
      timeZone: st.timeZone,
      receiptFooter: st.receiptFooter,
      receiptHeader: st.receiptHeader,
      taxId: st.taxId,
      noReceiptRefundTo: st.noReceiptRefundTo,
      cashVarianceThreshold: st.cashVarianceThreshold,
      offlineLimitHours: st.offlineLimitHours,
      registers: registers
        .filter((r) => r.storeId === st.id)
        .map((r) => ({ id: r.id, name: r.name, code: r.code })),
    })),
  };
}

/** Active staff for the terminal's user switch (names and roles only, never hashes). */
export async function listStaff(ctx: Ctx): Promise<z.infer<typeof StaffList>> {
  return { items: await repo.listActiveStaff(ctx) };
}

/**
 * Sync lag per register for the back office (issue 8): every register of the company within the
 * caller's store scope, with its latest received sale and whether it arrived more than
 * `SYNC_LAGGING_AFTER_SECONDS` (300 s, the metric's threshold) after the device completed it.
 */
export async function registerSyncStatus(ctx: Ctx): Promise<z.infer<typeof RegisterSyncStatusList>> {
  const rows = await repo.registerSyncStatus(ctx, ctx.storeIds);
  return {
    items: rows.map((row) => ({
      ...row,
      lagging: row.lagSeconds !== null && row.lagSeconds > SYNC_LAGGING_AFTER_SECONDS,
    })),
  };
}
