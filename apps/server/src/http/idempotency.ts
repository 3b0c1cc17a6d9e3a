/**
 * `Idempotency-Key` for mutations whose id the server makes (creating a tax rate, …), so a
 * double tap or a retry after a lost answer does the work once. Documents with client-made ids
 * (sales, refunds, shifts) do not need it: their id is the key (see ARCHITECTURE.md).
 *
 * Rules (after the IETF draft "The Idempotency-Key HTTP Header Field" and Stripe's API):
 * - no header: the request runs as usual;
 * - first request with a key: runs, and its answer (status and body) is stored with the key in the
 *   same transaction as the work, so either both are saved or neither;
 * - same key, same body (canonical JSON), same user: the stored answer again, with
 *   `Idempotency-Replayed: true`, and nothing more is written;
 * - same key with another body, or from another user: 422 `idempotency_key_reused`;
 * - a malformed key: 400 `invalid_idempotency_key`.
 * A request that fails stores nothing, so the key can be retried. Keys are scoped by company and
 * route (`POST /api/v1/taxes`). A concurrent duplicate waits on the key's primary key until the
 * first one commits (PostgreSQL), then gets its stored answer.
 */
import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { schema, type KassaDb } from '@kassa/db';
import type { Ctx } from '../context.ts';
import { AppError } from '../errors.ts';
import { canonicalJson } from '../modules/audit/audit.service.ts';
import { inCompanyTx } from './auth.ts';

/** The header's name, as sent (HTTP header names are case-insensitive). */
export const IDEMPOTENCY_HEADER = 'Idempotency-Key';

/** Printable ASCII without spaces, 1 to 255 characters (a UUID fits). */
const KEY = /^[\x21-\x7e]{1,255}$/;

/** SHA-256 (hex) of the canonical JSON of a request body (keys sorted at every level, as audit hashes). */
export function requestHash(body: unknown): string {
  return createHash('sha256')
    .update(canonicalJson(body ?? null))
    .digest('hex');
}

/**
 * Runs `fn` in the caller's company transaction and sends `status` and its result on `reply`,
 * once per `Idempotency-Key` (see the rules above); the handler then returns `reply`.
 * Errors: `invalid_idempotency_key` (400), `idempotency_key_reused` (422),
 * `idempotency_key_in_use` (409, only if a stored key has no answer yet, which the single
 * transaction makes unreachable in practice); whatever `fn` throws.
 */
export async function idempotent<T>(
  db: KassaDb,
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  fn: (ctx: Ctx) => Promise<T>,
): Promise<void> {
  const header = request.headers['idempotency-key'];
  if (header === undefined) {
    const result = await inCompanyTx(db, request, fn);
    void reply.status(status).send(result);
    return;
  }
  const key = Array.isArray(header) ? undefined : header;
  if (key === undefined || !KEY.test(key)) {
    throw new AppError(
      'invalid_idempotency_key',
      400,
      `${IDEMPOTENCY_HEADER} must be 1 to 255 printable ASCII characters without spaces, sent once`,
    );
  }
  const scope = `${request.method} ${request.routeOptions.url ?? request.url}`;
  const hash = requestHash(request.body);
  const t = schema.idempotencyKeys;

  const outcome = await inCompanyTx(db, request, async (ctx) => {
    // A concurrent twin blocks here until this transaction ends (primary key), then sees our row.
    const claimed = await ctx.tx
      .insert(t)
      .values({ companyId: ctx.companyId, scope, key, requestHash: hash, userId: ctx.userId })
      .onConflictDoNothing()
      .returning({ key: t.key });
    if (claimed.length === 0) {
      const [stored] = await ctx.tx
        .select()
        .from(t)
        .where(and(eq(t.companyId, ctx.companyId), eq(t.scope, scope), eq(t.key, key)));
      if (!stored) throw new Error('idempotency key vanished while it was held');
      if (stored.requestHash !== hash || stored.userId !== ctx.userId) {
        throw new AppError(
          'idempotency_key_reused',
          422,
          `This ${IDEMPOTENCY_HEADER} was already used for another request; send a new key for a new request`,
          { key },
        );
      }
      if (stored.status === null) {
        throw new AppError('idempotency_key_in_use', 409, 'A request with this key is still running', {
          key,
        });
      }
      return { status: stored.status, body: stored.response, replayed: true };
    }
    const result = await fn(ctx);
    // Stored as it is sent (a JSON round trip), so a replay is byte-for-byte the same answer.
    const body = JSON.parse(JSON.stringify(result ?? null)) as unknown;
    await ctx.tx
      .update(t)
      .set({ status, response: body })
      .where(and(eq(t.companyId, ctx.companyId), eq(t.scope, scope), eq(t.key, key)));
    return { status, body, replayed: false };
  });
  if (outcome.replayed) void reply.header('Idempotency-Replayed', 'true');
  void reply.status(outcome.status).send(outcome.body);
}
