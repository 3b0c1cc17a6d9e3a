import { z } from 'zod';

/**
 * Sync status of one register (issue 8, observability): how late its latest sale reached the
 * server. `lagSeconds` is received time minus the device's completion time of that sale (0 when
 * the device clock was ahead or did not say); `lagging` is `lagSeconds` over 300 s, the threshold
 * of the `kassa_registers_sync_lagging` metric. A register that never sold has nulls and is not lagging.
 */
export const RegisterSyncStatus = z.object({
  registerId: z.uuid(),
  registerName: z.string(),
  registerCode: z.string(),
  storeId: z.uuid(),
  storeName: z.string(),
  lastReceivedAt: z.iso
    .datetime({ offset: true })
    .nullable()
    .describe('When the latest sale reached the server'),
  lastSoldAt: z.iso
    .datetime({ offset: true })
    .nullable()
    .describe('When the device completed that sale (device clock)'),
  lagSeconds: z.number().nonnegative().nullable().describe('Received minus device time, seconds'),
  lagging: z.boolean().describe('lagSeconds over 300 (5 minutes)'),
});
export type RegisterSyncStatus = z.infer<typeof RegisterSyncStatus>;

export const RegisterSyncStatusList = z.object({ items: z.array(RegisterSyncStatus) });
export type RegisterSyncStatusList = z.infer<typeof RegisterSyncStatusList>;

/**
 * A staff member who may sell at a register, with the argon2id PHC hash of their PIN, so the
 * terminal can check a cashier switch offline (issue 8). Only active users with a PIN, holding
 * `sale.create` in the register's store.
 */
export const RegisterStaffMember = z.object({
  id: z.uuid(),
  name: z.string(),
  role: z.enum(['owner', 'manager', 'cashier']),
  pinHash: z.string().describe('argon2id PHC string of the PIN'),
});
export type RegisterStaffMember = z.infer<typeof RegisterStaffMember>;

export const RegisterStaffList = z.object({ items: z.array(RegisterStaffMember) });
export type RegisterStaffList = z.infer<typeof RegisterStaffList>;
