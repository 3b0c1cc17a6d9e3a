import { z } from 'zod';

export const Address = z.object({
  line1: z.string(),
  city: z.string(),
  region: z.string(),
  postalCode: z.string(),
  country: z.string().length(2),
});

/** Where a return without a receipt pays out: cash, store credit, or either (the cashier chooses). */
export const NoReceiptRefundTo = z.enum(['cash', 'store_credit', 'either']);
export type NoReceiptRefundTo = z.infer<typeof NoReceiptRefundTo>;

export const Register = z.object({ id: z.uuid(), name: z.string(), code: z.string() });

export const Store = z.object({
  id: z.uuid(),
  code: z.string().describe('Short code used in receipt numbers, e.g. S1'),
  name: z.string(),
  address: Address,
  timeZone: z.string().describe('IANA time zone, e.g. America/Chicago'),
  receiptFooter: z.string(),
  receiptHeader: z.string().describe('Lines printed under the store name on every receipt'),
  taxId: z.string().describe('Tax registration number printed on receipts; empty: none'),
  noReceiptRefundTo: NoReceiptRefundTo,
  cashVarianceThreshold: z
    .number()
    .int()
    .describe('Shift over/short (absolute, minor units) above which closing needs a manager'),
  offlineLimitHours: z
    .number()
    .int()
    .describe('Hours a terminal may stay offline before it warns that it must reconnect'),
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

/** A store's address as the back office edits it. */
const AddressInput = z
  .object({
    line1: z.string().trim().max(200).default(''),
    city: z.string().trim().min(1).max(100),
    region: z.string().trim().max(100),
    postalCode: z.string().trim().max(20),
    country: z.string().regex(/^[A-Z]{2}$/, { message: 'ISO 3166-1 alpha-2 code, e.g. US' }),
  })
  .strict();

/** Creates a store. `code` (e.g. "S2") prefixes receipt numbers and never changes afterwards. */
export const CreateStoreRequest = z
  .object({
    code: z.string().regex(/^[A-Z0-9]{1,8}$/, { message: '1 to 8 capital letters or digits' }),
    name: z.string().trim().min(1).max(100),
    address: AddressInput,
    timeZone: z.string().min(1).max(64).describe('IANA time zone, e.g. Europe/London'),
    receiptFooter: z.string().max(500).default(''),
    receiptHeader: z.string().max(500).default(''),
    taxId: z.string().trim().max(50).default(''),
    noReceiptRefundTo: NoReceiptRefundTo.default('cash'),
    cashVarianceThreshold: z
      .number()
      .int()
      .min(0)
      .max(100_000_000)
      .default(500)
      .describe('Shift over/short (absolute, minor units) above which closing needs a manager'),
    offlineLimitHours: z
      .number()
      .int()
      .min(1)
      .max(168)
      .default(24)
      .describe('Hours a terminal may stay offline before it warns (1 to 168)'),
  })
  .strict();
export type CreateStoreRequest = z.infer<typeof CreateStoreRequest>;

/** Edits a store; the code stays (receipt numbers already printed carry it). */
export const UpdateStoreRequest = CreateStoreRequest.omit({ code: true }).partial().strict();
export type UpdateStoreRequest = z.infer<typeof UpdateStoreRequest>;

export const CreateRegisterRequest = z
  .object({
    code: z.string().regex(/^[A-Z0-9]{1,8}$/, { message: '1 to 8 capital letters or digits' }),
    name: z.string().trim().min(1).max(100),
  })
  .strict();
export type CreateRegisterRequest = z.infer<typeof CreateRegisterRequest>;

export const UpdateRegisterRequest = z.object({ name: z.string().trim().min(1).max(100) }).strict();
export type UpdateRegisterRequest = z.infer<typeof UpdateRegisterRequest>;
