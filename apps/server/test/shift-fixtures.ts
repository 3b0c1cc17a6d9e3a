import { eq } from 'drizzle-orm';
import { newDocumentId } from '@kassa/domain';
import { schema as s, withCompanyTx, type KassaDb } from '@kassa/db';

/**
 * Opens a shift (float 0, opened by the company's first cashier, else its first user) on every
 * register of a company that has none open, so tests can sell right away. The test template gets
 * this for the demo company; tests about shifts close them first through the API.
 */
export async function openShiftsOnAllRegisters(db: KassaDb, companyId: string): Promise<void> {
  await withCompanyTx(db, companyId, async (tx) => {
    const users = await tx.select().from(s.users).where(eq(s.users.companyId, companyId));
    const opener = users.find((u) => u.role === 'cashier') ?? users[0];
    if (!opener) throw new Error(`company ${companyId} has no user to open shifts`);
    const registers = await tx.select().from(s.registers).where(eq(s.registers.companyId, companyId));
    const open = await tx.select().from(s.shifts).where(eq(s.shifts.companyId, companyId));
    const busy = new Set(open.filter((x) => x.closedAt === null).map((x) => x.registerId));
    const rows = registers
      .filter((r) => !busy.has(r.id))
      .map((r) => ({
        companyId,
        id: newDocumentId(),
        storeId: r.storeId,
        registerId: r.id,
        openedBy: opener.id,
        openingFloat: 0,
      }));
    if (rows.length > 0) await tx.insert(s.shifts).values(rows);
  });
}
