import { z } from 'zod';

/** What a terminal needs to price a cart exactly as the server will. */
export const CompanySettings = z.object({
  currency: z.string().length(3),
  taxRounding: z.enum(['per_line', 'global']),
  roundingMode: z.enum(['half_up', 'half_even']),
});
export type CompanySettings = z.infer<typeof CompanySettings>;
