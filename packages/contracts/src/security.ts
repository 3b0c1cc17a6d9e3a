import { z } from 'zod';
import { DocumentId, MinorUnits } from './common.ts';

/** A signed-in session of the current user (a device or browser). */
export const SessionInfo = z.object({
  id: z.uuid(),
  method: z.enum(['password', 'pin']).describe('How the session was started'),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  createdAt: z.iso.datetime({ offset: true }),
  lastUsedAt: z.iso.datetime({ offset: true }).describe('Last token refresh'),
  expiresAt: z.iso.datetime({ offset: true }),
  current: z.boolean().describe('The session of the token making this request'),
});
export type SessionInfo = z.infer<typeof SessionInfo>;

export const SessionList = z.object({ items: z.array(SessionInfo) });
export type SessionList = z.infer<typeof SessionList>;

/** The result of disabling a user: the sessions ended with it. */
export const DisableUserResponse = z.object({
  userId: z.uuid(),
  active: z.literal(false),
  sessionsRevoked: z.number().int(),
});
export type DisableUserResponse = z.infer<typeof DisableUserResponse>;

/**
 * Actions a manager can approve at the register: a discount above the cashier's limit, a refund
 * or a void by someone without `refund.create` / `sale.void`, opening the drawer without a sale,
 * a price override or a tax-exempt sale by someone without `sale.price_override` / `sale.tax_exempt`.
 */
export const ApprovalAction = z.enum([
  'discount_override',
  'refund',
  'void',
  'no_sale',
  'price_override',
  'tax_exempt',
]);
export type ApprovalAction = z.infer<typeof ApprovalAction>;

/**
 * A manager approves, with their PIN, one action of the signed-in cashier: bound to the action,
 * register, sale id and the percent (or amount) approved.
 */
export const CreateApprovalRequest = z
  .object({
    managerUserId: z.uuid(),
    pin: z.string().regex(/^\d{4,6}$/, '4 to 6 digits'),
    action: ApprovalAction,
    registerId: z.uuid(),
    saleId: DocumentId.describe('The id the terminal will post the sale with'),
    percent: z
      .string()
      .regex(/^\d{1,3}(\.\d{1,4})?$/, 'a percent with at most 4 decimals')
      .optional()
      .describe('discount_override: the largest line discount approved'),
    amount: MinorUnits.positive().optional(),
  })
  .strict();
export type CreateApprovalRequest = z.infer<typeof CreateApprovalRequest>;

export const Approval = z.object({
  id: z.uuid(),
  action: ApprovalAction,
  requestedBy: z.uuid(),
  approvedBy: z.uuid(),
  approverName: z.string(),
  registerId: z.uuid(),
  saleId: z.uuid(),
  percent: z.string().nullable(),
  amount: MinorUnits.nullable(),
  expiresAt: z.iso.datetime({ offset: true }),
});
export type Approval = z.infer<typeof Approval>;
