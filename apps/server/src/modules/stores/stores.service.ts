import type { z } from 'zod';
import type { StaffList, StoreList } from '@kassa/contracts';
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
