import { z } from 'zod';
import { DocumentId, MinorUnits } from './common.ts';

export const ParkedLine = z
  .object({
    productId: z.uuid(),
    quantity: z.string().regex(/^\d+(\.\d{1,3})?$/),
    discountPercent: z
      .string()
      .regex(/^\d+(\.\d{1,4})?$/)
      .nullable(),
  })
  .strict();

/** Park the cart of a register (it is priced again when resumed). */
export const ParkSaleRequest = z
  .object({
    id: DocumentId,
    registerId: z.uuid(),
    lines: z.array(ParkedLine).min(1).max(500),
    note: z.string().trim().max(200).default(''),
    total: MinorUnits.min(0).describe('Cart total shown when parked, for the list'),
  })
  .strict();
export type ParkSaleRequest = z.infer<typeof ParkSaleRequest>;

export const ResumeParkedSaleRequest = z.object({ registerId: z.uuid() }).strict();
export type ResumeParkedSaleRequest = z.infer<typeof ResumeParkedSaleRequest>;

export const ParkedSale = z.object({
  id: z.uuid(),
  storeId: z.uuid(),
  registerId: z.uuid(),
  registerName: z.string(),
  shiftId: z.uuid(),
  cashierId: z.uuid(),
  cashierName: z.string(),
  lines: z.array(ParkedLine),
  note: z.string(),
  total: MinorUnits,
  state: z.enum(['parked', 'resumed', 'expired']),
  createdAt: z.string(),
  resumedAt: z.string().nullable(),
  resumedRegisterId: z.uuid().nullable(),
});
export type ParkedSale = z.infer<typeof ParkedSale>;

export const ParkedSaleListQuery = z.object({ storeId: z.uuid() }).strict();
export const ParkedSalePage = z.object({ items: z.array(ParkedSale) });
export type ParkedSalePage = z.infer<typeof ParkedSalePage>;
