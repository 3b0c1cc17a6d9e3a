import { z } from 'zod';
import { Pagination } from './common.ts';

/** What the audit log records. Names are `<resource>.<event>` in the past tense. */
export const AuditAction = z.enum([
  'auth.login.succeeded',
  'auth.login.failed',
  'auth.login.locked',
  'sale.completed',
  'sale.discount.override',
  'sale.price_override',
  'sale.tax_exempt',
  'sale.price_difference',
  'stock.went_negative',
  'tax.created',
  'approval.granted',
  'settings.updated',
  'store.updated',
  'price.changed',
  'user.disabled',
  'user.created',
  'user.updated',
  'user.enabled',
  'user.pin_reset',
  'role.created',
  'role.updated',
  'role.deleted',
  'auth.totp.enabled',
  'auth.totp.disabled',
  'auth.recovery_code.used',
  'auth.password_reset.requested',
  'auth.password_reset.completed',
  'auth.pin.failed',
  'auth.pin.locked',
  'drawer.no_sale',
  'refund.created',
  'sale.voided',
  'shift.closed',
  'data.exported',
  'audit.exported',
  'age_check.refused',
]);
export type AuditAction = z.infer<typeof AuditAction>;

/** Search of the audit log: by action, actor and time; newest first. */
export const AuditQuery = Pagination.extend({
  action: AuditAction.optional(),
  actorId: z.uuid().optional().describe('The user who acted (or the approver of an approval)'),
  from: z.iso.datetime({ offset: true }).optional().describe('Inclusive lower bound of occurredAt'),
  to: z.iso.datetime({ offset: true }).optional().describe('Exclusive upper bound of occurredAt'),
}).strict();
export type AuditQuery = z.infer<typeof AuditQuery>;

/** One audit entry, sensitive fields decrypted. */
export const AuditEntry = z.object({
  id: z.uuid(),
  stream: z.string().describe('`company`, or `register:<id>` for sales at a register'),
  seq: z.number().int().describe('Position in the stream, from 1'),
  occurredAt: z.iso.datetime({ offset: true }),
  action: z.string(),
  actorId: z.uuid().nullable(),
  actorName: z.string().nullable(),
  approverId: z.uuid().nullable(),
  subjectType: z.string().nullable(),
  subjectId: z.string().nullable(),
  storeId: z.uuid().nullable(),
  registerId: z.uuid().nullable(),
  requestId: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
  sensitive: z
    .record(z.string(), z.string().nullable())
    .nullable()
    .describe('Decrypted sensitive fields (e-mail typed, IP address, user agent); null when none'),
  hash: z.string().describe('SHA-256 hex of this entry, chained to the previous entry of its stream'),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

export const AuditPage = z.object({
  items: z.array(AuditEntry),
  total: z.number().int(),
  limit: z.number().int(),
  offset: z.number().int(),
});
export type AuditPage = z.infer<typeof AuditPage>;

/** The CSV export takes the search's filters, without paging (up to 50,000 rows, newest first). */
export const AuditExportQuery = AuditQuery.omit({ limit: true, offset: true });
export type AuditExportQuery = z.infer<typeof AuditExportQuery>;
