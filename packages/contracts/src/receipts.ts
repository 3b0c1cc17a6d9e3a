import { z } from 'zod';

const Flag = z
  .enum(['true', 'false'])
  .default('false')
  .transform((v) => v === 'true');

/** `copy=true` marks the receipt COPY (a reprint). */
export const ReceiptQuery = z.object({ copy: Flag.describe('Mark the receipt COPY (a reprint)') }).strict();
export type ReceiptQuery = z.infer<typeof ReceiptQuery>;

/** ESC/POS output: paper width (58 or 80 mm) and whether to kick the cash drawer after the cut. */
export const EscPosQuery = z
  .object({
    copy: Flag.describe('Mark the receipt COPY (a reprint)'),
    width: z.enum(['58', '80']).default('80').describe('Paper width in mm: 32 or 48 characters a line'),
    drawer: Flag.describe('Open the cash drawer (pin 2 pulse) after the cut'),
  })
  .strict();
export type EscPosQuery = z.infer<typeof EscPosQuery>;

const ReceiptRow = z.object({ label: z.string(), value: z.string(), strong: z.boolean().optional() });

/** The printed receipt every output renders (packages/domain receiptDocument). */
export const ReceiptDocument = z.object({
  copy: z.boolean(),
  banner: z.string().nullable(),
  header: z.array(z.string()),
  meta: z.array(ReceiptRow),
  lines: z.array(z.object({ name: z.string(), rows: z.array(ReceiptRow) })),
  totals: z.array(ReceiptRow),
  payments: z.array(ReceiptRow),
  barcode: z.string(),
  footer: z.array(z.string()),
});
export type ReceiptDocument = z.infer<typeof ReceiptDocument>;

/** E-mail the receipt (text body, PDF attached) to the customer. */
export const EmailReceiptRequest = z
  .object({
    to: z.email().max(254),
    copy: z.boolean().default(false).describe('Mark the receipt COPY (a reprint)'),
  })
  .strict();
export type EmailReceiptRequest = z.infer<typeof EmailReceiptRequest>;

export const EmailReceiptResponse = z.object({ sent: z.literal(true), to: z.string() });
