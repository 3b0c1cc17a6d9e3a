import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ageOn, evaluateAgeCheck, isOfAge, localDate, parseAamvaDates, parseCalendarDate } from './age.ts';

const d = (iso: string) => parseCalendarDate(iso)!;
const CHICAGO = 'America/Chicago';

describe('ageOn', () => {
  it('turns 21 on the 21st birthday, not the day before', () => {
    expect(ageOn(d('2004-06-15'), d('2025-06-14'))).toBe(20);
    expect(ageOn(d('2004-06-15'), d('2025-06-15'))).toBe(21);
  });

  it('a 29 February birthday falls on 1 March in common years, on 29 February in leap years', () => {
    expect(ageOn(d('2004-02-29'), d('2025-02-28'))).toBe(20);
    expect(ageOn(d('2004-02-29'), d('2025-03-01'))).toBe(21);
    expect(ageOn(d('2008-02-29'), d('2029-02-28'))).toBe(20);
    expect(ageOn(d('2008-02-29'), d('2029-03-01'))).toBe(21);
    expect(ageOn(d('2000-02-29'), d('2024-02-28'))).toBe(23);
    expect(ageOn(d('2000-02-29'), d('2021-02-28'))).toBe(20);
    expect(ageOn(d('2000-02-29'), d('2020-02-29'))).toBe(20);
    expect(ageOn(d('2000-02-29'), d('2020-02-28'))).toBe(19);
  });

  it('grows by exactly one a year, on the birthday (property)', () => {
    const date = fc
      .record({
        year: fc.integer({ min: 1900, max: 2100 }),
        month: fc.integer({ min: 1, max: 12 }),
        day: fc.integer({ min: 1, max: 31 }),
      })
      .map((x) => `${x.year}-${String(x.month).padStart(2, '0')}-${String(x.day).padStart(2, '0')}`)
      .filter((x) => parseCalendarDate(x) !== undefined);
    fc.assert(
      fc.property(date, fc.integer({ min: 0, max: 120 }), (birth, years) => {
        const b = d(birth);
        const target = { year: b.year + years, month: b.month, day: b.day };
        const leapDay =
          b.month === 2 && b.day === 29 && parseCalendarDate(`${target.year}-02-29`) === undefined;
        const birthday = leapDay ? { year: target.year, month: 3, day: 1 } : target;
        expect(ageOn(b, birthday)).toBe(years);
        const before = leapDay ? { year: target.year, month: 2, day: 28 } : undefined;
        if (before) expect(ageOn(b, before)).toBe(years - 1);
      }),
    );
  });
});

describe('isOfAge in the store time zone', () => {
  it("uses the store's date, not UTC's: 23:30 in Chicago is still the day before in Iowa", () => {
    // 2025-06-15T04:30Z is 23:30 on 14 June in Chicago (CDT, UTC-5).
    const instant = new Date('2025-06-15T04:30:00Z');
    expect(localDate(instant, CHICAGO)).toEqual({ year: 2025, month: 6, day: 14 });
    expect(isOfAge('2004-06-15', 21, instant, CHICAGO)).toBe(false);
    expect(isOfAge('2004-06-15', 21, new Date('2025-06-15T05:00:00Z'), CHICAGO)).toBe(true);
  });

  it('configurable minimum: 18, 19, 21; refuses impossible and future dates', () => {
    const now = new Date('2025-03-01T18:00:00Z');
    expect(isOfAge('2006-03-01', 19, now, CHICAGO)).toBe(true);
    expect(isOfAge('2006-03-02', 19, now, CHICAGO)).toBe(false);
    expect(isOfAge('2007-03-01', 18, now, CHICAGO)).toBe(true);
    expect(isOfAge('2004-02-29', 21, now, CHICAGO)).toBe(true);
    expect(isOfAge('2004-02-29', 21, new Date('2025-02-28T18:00:00Z'), CHICAGO)).toBe(false);
    expect(isOfAge('2003-02-29', 18, now, CHICAGO)).toBe(false);
    expect(isOfAge('2030-01-01', 0, now, CHICAGO)).toBe(false);
  });
});

describe('parseAamvaDates', () => {
  const us = [
    '@',
    '\u001e',
    'ANSI 636014040002DL00410278ZC03200024DLDAQD1234562',
    'DCSSAMPLE',
    'DACJOHN',
    'DBA08312028',
    'DBB02292004',
    'DCGUSA',
  ].join('\n');

  it('reads DBB and DBA of a US licence (MMDDCCYY), the first element on the header line too', () => {
    expect(parseAamvaDates(us)).toEqual({ birthDate: '2004-02-29', expiryDate: '2028-08-31' });
    const first = 'ANSI 636014040002DL00410278ZC03200024DLDBB06152004\nDBA01012030\nDCGUSA';
    expect(parseAamvaDates(first)).toEqual({ birthDate: '2004-06-15', expiryDate: '2030-01-01' });
  });

  it('reads Canadian dates as CCYYMMDD, and nothing without a valid DBB', () => {
    expect(parseAamvaDates('DBB20040615\nDBA20300101\nDCGCAN')).toEqual({
      birthDate: '2004-06-15',
      expiryDate: '2030-01-01',
    });
    expect(parseAamvaDates('DCSSAMPLE\nDCGUSA')).toBeUndefined();
    expect(parseAamvaDates('DBB13452004\nDCGUSA')).toBeUndefined();
  });
});

describe('evaluateAgeCheck', () => {
  // 2025-03-01 noon in Chicago; 2025 is a common year.
  const march1 = new Date('2025-03-01T18:00:00Z');
  const feb28 = new Date('2025-02-28T18:00:00Z');
  const licence = (dbb: string, dba: string) =>
    `ANSI 636014040002DL00410278ZC03200024DLDAQD1\nDBA${dba}\nDBB${dbb}\nDCGUSA`;

  it('refuses a customer who is 20 and passes on the 21st birthday, 29 February included', () => {
    expect(evaluateAgeCheck({ method: 'birth_date', birthDate: '2004-02-29' }, 21, feb28, CHICAGO)).toEqual({
      result: 'refused',
      reason: 'under_age',
      birthDate: '2004-02-29',
    });
    expect(evaluateAgeCheck({ method: 'birth_date', birthDate: '2004-02-29' }, 21, march1, CHICAGO)).toEqual({
      result: 'passed',
      reason: undefined,
      birthDate: '2004-02-29',
    });
  });

  it('reads an ID scan, refusing an expired licence even when old enough, and an unreadable one', () => {
    expect(
      evaluateAgeCheck(
        { method: 'id_scan', idBarcode: licence('02292004', '02292028') },
        21,
        march1,
        CHICAGO,
      ),
    ).toMatchObject({ result: 'passed', birthDate: '2004-02-29' });
    expect(
      evaluateAgeCheck(
        { method: 'id_scan', idBarcode: licence('01011980', '02282025') },
        21,
        march1,
        CHICAGO,
      ),
    ).toMatchObject({ result: 'refused', reason: 'id_expired' });
    // Expiring today is still valid today.
    expect(
      evaluateAgeCheck(
        { method: 'id_scan', idBarcode: licence('01011980', '03012025') },
        21,
        march1,
        CHICAGO,
      ),
    ).toMatchObject({ result: 'passed' });
    expect(evaluateAgeCheck({ method: 'id_scan', idBarcode: 'DCSSAMPLE' }, 21, march1, CHICAGO)).toEqual({
      result: 'refused',
      reason: 'id_unreadable',
      birthDate: undefined,
    });
  });

  it("refuses impossible and future birth dates; a visual check passes on the cashier's word", () => {
    expect(
      evaluateAgeCheck({ method: 'birth_date', birthDate: '2003-02-29' }, 18, march1, CHICAGO),
    ).toMatchObject({
      result: 'refused',
      reason: 'invalid_birth_date',
    });
    expect(
      evaluateAgeCheck({ method: 'birth_date', birthDate: '2026-01-01' }, 0, march1, CHICAGO),
    ).toMatchObject({
      result: 'refused',
      reason: 'invalid_birth_date',
    });
    expect(evaluateAgeCheck({ method: 'visual' }, 21, march1, CHICAGO)).toMatchObject({ result: 'passed' });
  });
});
