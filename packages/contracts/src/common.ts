import { z } from 'zod';
import { isUuidV7 } from '@kassa/domain';

/** Integer minor units of the company's currency (cents for USD). */
export const MinorUnits = z.number().int().describe('Integer amount in minor units of the currency');

export const Uuid = z.uuid();

/** A UUIDv7 made by the client (RFC 9562), the id of a new document. */
export const DocumentId = z
  .string()
  .refine(isUuidV7, { message: 'must be a UUIDv7 (RFC 9562)' })
  .describe('Client-made UUIDv7');

/** A positive decimal with at most 3 places, as a string ("2", "0.375") or a JSON number. */
export const QuantityInput = z
  .union([z.string(), z.number()])
  .describe('Positive decimal quantity, at most 3 decimal places');

/** An RFC 9457 problem detail as every error response carries it. */
export const Problem = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  code: z.string().describe('Stable machine-readable error code'),
  detail: z.string().optional(),
  instance: z.string().optional(),
  requestId: z.string().optional(),
  errors: z
    .array(z.object({ path: z.string(), message: z.string() }))
    .optional()
    .describe('Field errors of a validation failure'),
  details: z.record(z.string(), z.unknown()).optional(),
});
export type Problem = z.infer<typeof Problem>;

export const Pagination = z
  .object({
    limit: z.coerce.number().int().min(1).max(200).default(50),
    offset: z.coerce.number().int().min(0).default(0),
  })
  .strict();

export const IdParams = z.object({ id: z.uuid() }).strict();
