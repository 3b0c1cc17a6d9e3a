import { randomInt } from 'node:crypto';
import { newDocumentId } from '@kassa/domain';
import type { StoreCredit } from '@kassa/contracts';
import type { Ctx } from '../../context.ts';
import { AppError } from '../../errors.ts';
import * as repo from './store-credits.repository.ts';

/** Crockford base 32 without I, L, O, U: nothing a customer can misread or mistype for another. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * A credit code as stored: "SC-" and two groups of 4 characters (e.g. "SC-7K4M-Q2XD"). A typed
 * code is matched case-insensitively, with or without dashes and spaces; anything else is
 * returned uppercased (and will not match).
 */
export function normalizeCode(input: string): string {
  const bare = input.toUpperCase().replace(/[^A-Z0-9]/g, '');
  if (/^SC[0-9A-Z]{8}$/.test(bare)) return `SC-${bare.slice(2, 6)}-${bare.slice(6)}`;
  return input.trim().toUpperCase();
}

/** A fresh random code (40 bits: guessing one is a 1 in 10^12 shot). */
function randomCode(): string {
  let body = '';
  for (let i = 0; i < 8; i++) body += ALPHABET[randomInt(ALPHABET.length)];
  return `SC-${body.slice(0, 4)}-${body.slice(4)}`;
}

function toDto(row: repo.StoreCreditRow): StoreCredit {
  return {
    code: row.code,
    currency: row.currency,
    amount: row.amount,
    balance: row.balance,
    createdAt: row.createdAt.toISOString(),
  };
}

/** A credit's balance by its code. @throws AppError 404 `store_credit_unknown` (also another company's). */
export async function getStoreCredit(ctx: Ctx, code: string): Promise<StoreCredit> {
  const row = await repo.findByCode(ctx, normalizeCode(code));
  if (!row) throw new AppError('store_credit_unknown', 404, 'No store credit has this code', { code });
  return toDto(row);
}

/** A new credit's id and a code no credit of the company has yet (written by `issueCredit`). */
export async function reserveCode(ctx: Ctx): Promise<{ id: string; code: string }> {
  for (;;) {
    const code = randomCode();
    if (!(await repo.codeTaken(ctx, code))) return { id: newDocumentId(), code };
  }
}

/**
 * Issues a credit of `amount` (minor units, > 0) for a refund already written, with its `issue`
 * movement, in the caller's transaction.
 */
export async function issueCredit(
  ctx: Ctx,
  credit: { id: string; code: string; amount: number; currency: string; refundId: string },
): Promise<void> {
  await repo.insertCredit(ctx, credit, newDocumentId());
}

/**
 * Spends store credit tenders of a sale (`reference`: the code, `amount`: applied, minor units):
 * locks each credit (FOR UPDATE, so two sales cannot spend one balance twice), checks it covers
 * what this sale takes of it, lowers the balance and writes `redeem` movements, all in the
 * sale's transaction. Several tenders on one code are added together.
 * @throws AppError 422 `store_credit_unknown` (no code, or no such credit of the company),
 *   422 `store_credit_insufficient` (details: code, balance, requested).
 */
export async function redeemForSale(
  ctx: Ctx,
  saleId: string,
  tenders: { reference: string | null | undefined; amount: number }[],
): Promise<void> {
  const perCode = new Map<string, number>();
  for (const t of tenders) {
    if (!t.reference) {
      throw new AppError('store_credit_unknown', 422, 'A store credit tender needs the code of the credit');
    }
    const code = normalizeCode(t.reference);
    perCode.set(code, (perCode.get(code) ?? 0) + t.amount);
  }
  const locked = new Map(
    (await repo.lockCredits(ctx, { codes: [...perCode.keys()] })).map((c) => [c.code, c]),
  );
  for (const [code, amount] of perCode) {
    const credit = locked.get(code);
    if (!credit) throw new AppError('store_credit_unknown', 422, 'No store credit has this code', { code });
    if (credit.balance < amount) {
      throw new AppError('store_credit_insufficient', 422, 'The store credit balance is too small', {
        code,
        balance: credit.balance,
        requested: amount,
      });
    }
  }
  const movements: repo.StoreCreditMovementInsert[] = [];
  for (const [code, amount] of perCode) {
    if (amount === 0) continue;
    const credit = locked.get(code)!;
    await repo.addToBalance(ctx, credit.id, -amount);
    movements.push({
      id: newDocumentId(),
      storeCreditId: credit.id,
      kind: 'redeem',
      amount: -amount,
      saleId,
    });
  }
  await repo.insertMovements(ctx, movements);
}

/** A part of a refund given back to one credit: `amount` in minor units. */
export type CreditReturn = { storeCreditId: string; code: string; amount: number };

/**
 * Plans giving `amount` (minor units) of a refund of `saleId` back to the credits the sale was
 * paid with, oldest use first, each at most what the sale took of it minus what earlier refunds
 * gave back. Locks those credits until the transaction ends.
 * @throws AppError 422 `refund_over_tendered` when the credits the sale used cannot take it back.
 */
export async function planReturnToCredits(ctx: Ctx, saleId: string, amount: number): Promise<CreditReturn[]> {
  const uses = await repo.creditUseOfSale(ctx, saleId);
  const credits = new Map(
    (await repo.lockCredits(ctx, { ids: uses.map((u) => u.storeCreditId) })).map((c) => [c.id, c]),
  );
  const parts: CreditReturn[] = [];
  let left = amount;
  for (const use of uses) {
    const take = Math.min(left, use.redeemed - use.returned);
    if (take <= 0) continue;
    parts.push({
      storeCreditId: use.storeCreditId,
      code: credits.get(use.storeCreditId)!.code,
      amount: take,
    });
    left -= take;
  }
  if (left > 0) {
    throw new AppError('refund_over_tendered', 422, 'More than the sale was paid by store credit', {
      method: 'store_credit',
      requested: amount,
      refundable: amount - left,
    });
  }
  return parts;
}

/** Gives planned parts back to their (locked) credits with `return` movements. */
export async function applyReturnToCredits(
  ctx: Ctx,
  saleId: string,
  refundId: string,
  parts: CreditReturn[],
): Promise<void> {
  for (const p of parts) await repo.addToBalance(ctx, p.storeCreditId, p.amount);
  await repo.insertMovements(
    ctx,
    parts.map((p) => ({
      id: newDocumentId(),
      storeCreditId: p.storeCreditId,
      kind: 'return' as const,
      amount: p.amount,
      saleId,
      refundId,
    })),
  );
}
