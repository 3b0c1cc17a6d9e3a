import { describe, expect, it, vi } from 'vitest';
import type { CreateSaleRequest, Sale } from '@kassa/contracts';
import { evaluateOnTerminal, restrictedLineIds, withAgeCheck } from './ageCheck.ts';

const line = (lineId: string, ageRestricted: boolean) => ({ lineId, product: { ageRestricted } });

describe('age check on the terminal', () => {
  it('asks only for restricted lines, and only where the store has a minimum age', () => {
    const lines = [line('a', true), line('b', false), line('c', true)];
    expect(restrictedLineIds(lines, { minimumAge: 21, visualOver: null, keepBirthDate: false })).toEqual([
      'a',
      'c',
    ]);
    expect(restrictedLineIds(lines, { minimumAge: null, visualOver: null, keepBirthDate: false })).toEqual(
      [],
    );
    expect(restrictedLineIds(lines, undefined)).toEqual([]);
  });

  it('refuses a customer of 20 and passes one on the 21st birthday, in the store time zone', () => {
    // 04:30 UTC on 1 March 2025 is still 28 February in Chicago.
    const check = { method: 'birth_date' as const, birthDate: '2004-02-29' };
    expect(evaluateOnTerminal(check, 21, 'America/Chicago', new Date('2025-03-01T04:30:00Z')).result).toBe(
      'refused',
    );
    expect(evaluateOnTerminal(check, 21, 'America/Chicago', new Date('2025-03-01T06:30:00Z')).result).toBe(
      'passed',
    );
  });

  it('adds the passing check to the sale request', async () => {
    const submit = vi.fn((request: CreateSaleRequest) => Promise.resolve({ id: request.id } as Sale));
    const request = { id: 'x', registerId: 'r', lines: [], tenders: [] } as unknown as CreateSaleRequest;
    await withAgeCheck(submit, { method: 'visual' })(request);
    expect(submit).toHaveBeenLastCalledWith({ ...request, ageCheck: { method: 'visual' } });
    await withAgeCheck(submit, null)(request);
    expect(submit).toHaveBeenLastCalledWith(request);
  });
});
