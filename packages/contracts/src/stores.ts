import { z } from 'zod';

export const Address = z.object({
  line1: z.string(),
  city: z.string(),
  region: z.string(),
  postalCode: z.string(),
  country: z.string().length(2),
});

export const Register = z.object({ id: z.uuid(), name: z.string(), code: z.string() });

export const Store = z.object({
  id: z.uuid(),
  code: z.string().describe('Short code used in receipt numbers, e.g. S1'),
  name: z.string(),
  address: Address,
  timeZone: z.string().describe('IANA time zone, e.g. America/Chicago'),
  receiptFooter: z.string(),
  registers: z.array(Register),
});
export type Store = z.infer<typeof Store>;

export const StoreList = z.object({ items: z.array(Store) });

export const StaffMember = z.object({
  id: z.uuid(),
  name: z.string(),
  role: z.enum(['owner', 'manager', 'cashier']),
});
export const StaffList = z.object({ items: z.array(StaffMember) });
