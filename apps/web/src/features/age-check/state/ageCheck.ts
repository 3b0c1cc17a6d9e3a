import type { AgeCheckInput, AgePolicy, CreateSaleRequest, Sale } from '@kassa/contracts';
import { evaluateAgeCheck, type AgeCheckOutcome } from '@kassa/domain';

type Line = { lineId: string; product: { ageRestricted: boolean } };

/** Ids of the cart lines that need an age check in a store with this policy (none without a minimum age). */
export function restrictedLineIds(lines: readonly Line[], policy: AgePolicy | undefined): string[] {
  if (!policy || policy.minimumAge === null) return [];
  return lines.filter((l) => l.product.ageRestricted).map((l) => l.lineId);
}

/**
 * Evaluates a check on the terminal with the same domain rule the server applies (store minimum
 * age, store time zone), so the cashier gets the answer at once, also offline.
 */
export function evaluateOnTerminal(
  check: AgeCheckInput,
  minimumAge: number,
  timeZone: string,
  now: Date,
): AgeCheckOutcome {
  return evaluateAgeCheck(check, minimumAge, now, timeZone);
}

/** What the cashier reads when a check is refused. */
export const REFUSAL_TEXT: Record<NonNullable<AgeCheckOutcome['reason']>, string> = {
  under_age: 'The customer is under age.',
  id_expired: 'The ID has expired and is not valid identification.',
  id_unreadable: 'The ID barcode could not be read: scan again or type the date of birth.',
  invalid_birth_date: 'That is not a valid date of birth.',
};

/** Wraps a sale submitter so the request carries the customer's passing age check. */
export function withAgeCheck(
  submit: (request: CreateSaleRequest) => Promise<Sale>,
  check: AgeCheckInput | null,
): (request: CreateSaleRequest) => Promise<Sale> {
  return check ? (request) => submit({ ...request, ageCheck: check }) : submit;
}
