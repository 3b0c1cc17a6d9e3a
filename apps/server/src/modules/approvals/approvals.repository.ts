import { and, eq } from 'drizzle-orm';
import { schema as s, type KassaTx } from '@kassa/db';

export type ApprovalRow = typeof s.approvals.$inferSelect;

export async function insertApproval(
  tx: KassaTx,
  row: typeof s.approvals.$inferInsert,
): Promise<ApprovalRow> {
  const [inserted] = await tx.insert(s.approvals).values(row).returning();
  return inserted!;
}

/** The approval, locked until the transaction ends (so two sales cannot both use it). */
export async function findApprovalForUpdate(tx: KassaTx, companyId: string, id: string) {
  const rows = await tx
    .select()
    .from(s.approvals)
    .where(and(eq(s.approvals.companyId, companyId), eq(s.approvals.id, id)))
    .for('update')
    .limit(1);
  return rows[0];
}

export async function markUsed(tx: KassaTx, companyId: string, id: string, at: Date): Promise<void> {
  await tx
    .update(s.approvals)
    .set({ usedAt: at })
    .where(and(eq(s.approvals.companyId, companyId), eq(s.approvals.id, id)));
}

export async function findUser(tx: KassaTx, companyId: string, userId: string) {
  const rows = await tx
    .select()
    .from(s.users)
    .where(and(eq(s.users.companyId, companyId), eq(s.users.id, userId)))
    .limit(1);
  return rows[0];
}

export async function findRegister(tx: KassaTx, companyId: string, registerId: string) {
  const rows = await tx
    .select({ id: s.registers.id, storeId: s.registers.storeId })
    .from(s.registers)
    .where(and(eq(s.registers.companyId, companyId), eq(s.registers.id, registerId)))
    .limit(1);
  return rows[0];
}

export type NoSaleRow = typeof s.noSaleEvents.$inferSelect;

export async function findNoSale(tx: KassaTx, companyId: string, id: string): Promise<NoSaleRow | undefined> {
  const rows = await tx
    .select()
    .from(s.noSaleEvents)
    .where(and(eq(s.noSaleEvents.companyId, companyId), eq(s.noSaleEvents.id, id)))
    .limit(1);
  return rows[0];
}

export async function insertNoSale(tx: KassaTx, row: typeof s.noSaleEvents.$inferInsert): Promise<NoSaleRow> {
  const [inserted] = await tx.insert(s.noSaleEvents).values(row).returning();
  return inserted!;
}
