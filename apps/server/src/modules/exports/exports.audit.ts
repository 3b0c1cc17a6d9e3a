import type { Ctx } from '../../context.ts';
import { recordAudit } from '../audit/audit.service.ts';

/**
 * Runs an export and records it (`data.exported`: which export, its filters, format and file
 * name, and the user) in the export's own transaction, so every file that leaves is in the log.
 */
export async function auditedExport<Q extends object, F extends { format: string; filename: string }>(
  ctx: Ctx,
  name: string,
  query: Q,
  run: (ctx: Ctx, query: Q) => Promise<F>,
): Promise<F> {
  const file = await run(ctx, query);
  await recordAudit(ctx, {
    action: 'data.exported',
    subject: { type: 'export', id: name },
    details: { export: name, query, format: file.format, filename: file.filename },
  });
  return file;
}
