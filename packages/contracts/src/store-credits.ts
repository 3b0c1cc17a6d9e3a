import { z } from 'zod';
import { MinorUnits } from './common.ts';

/** A store credit code as printed on a refund receipt, e.g. "SC-7K4M-Q2XD" (case-insensitive). */
export const StoreCreditCodeParams = z
  .object({ code: z.string().trim().min(4).max(40).describe('The code printed on the receipt') })
  .strict();

/** A store credit's balance, for the terminal before it takes it as a tender. Amounts in minor units. */
export const StoreCredit = z.object({
  code: z.string(),
  currency: z.string(),
  amount: MinorUnits.describe('Issued'),
  balance: MinorUnits.describe('Left to spend'),
  createdAt: z.string(),
});
export type StoreCredit = z.infer<typeof StoreCredit>;
