/**
 * Age checks for restricted goods (alcohol, tobacco): the customer's age on the store's local date,
 * and reading a date of birth from a US/Canadian driver's licence barcode (AAMVA DL/ID Card Design
 * Standard, PDF417 text). Dates are ISO calendar dates "YYYY-MM-DD"; no time of day is involved.
 */

/** A calendar date. */
export type CalendarDate = { year: number; month: number; day: number };

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysIn(year: number, month: number): number {
  return [31, isLeap(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
}

/** Parses "YYYY-MM-DD" into a real calendar date, or undefined ("2023-02-29" is not a date). */
export function parseCalendarDate(value: string): CalendarDate | undefined {
  const m = ISO_DATE.exec(value);
  if (!m) return undefined;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return undefined;
  return { year, month, day };
}

/** The calendar date at `instant` in the IANA time zone `timeZone` (the store's local date). */
export function localDate(instant: Date, timeZone: string): CalendarDate {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(instant);
  const get = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  return { year: get('year'), month: get('month'), day: get('day') };
}

/**
 * Completed years of age on `today` for someone born on `birth`. A 29 February birthday falls on
 * 1 March in common years (the person has not completed the year until 28 February has passed),
 * the rule US licensing and retail age verification apply.
 */
export function ageOn(birth: CalendarDate, today: CalendarDate): number {
  let age = today.year - birth.year;
  let bMonth = birth.month;
  let bDay = birth.day;
  if (bMonth === 2 && bDay === 29 && !isLeap(today.year)) {
    bMonth = 3;
    bDay = 1;
  }
  if (today.month < bMonth || (today.month === bMonth && today.day < bDay)) age -= 1;
  return age;
}

/**
 * True when someone born on `birthDate` ("YYYY-MM-DD") is at least `minimumAge` years old at
 * `instant` in the store's time zone. False for an impossible or future date of birth.
 */
export function isOfAge(birthDate: string, minimumAge: number, instant: Date, timeZone: string): boolean {
  const birth = parseCalendarDate(birthDate);
  if (!birth) return false;
  const today = localDate(instant, timeZone);
  if (compareDates(birth, today) > 0) return false;
  return ageOn(birth, today) >= minimumAge;
}

/** Negative, zero or positive as `a` is before, equal to or after `b`. */
export function compareDates(a: CalendarDate, b: CalendarDate): number {
  return a.year - b.year || a.month - b.month || a.day - b.day;
}

/** "YYYY-MM-DD" of a calendar date. */
export function formatCalendarDate(d: CalendarDate): string {
  return `${String(d.year).padStart(4, '0')}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;
}

/** What a driver's licence barcode says about age: date of birth and expiry, ISO dates. */
export type LicenceDates = { birthDate: string; expiryDate: string | undefined };

/**
 * Reads the date of birth (`DBB`) and expiry date (`DBA`) from the decoded text of an AAMVA PDF417
 * barcode. US licences write dates MMDDCCYY, Canadian ones CCYYMMDD (AAMVA 2020, D.12.5.1): the
 * country comes from `DCG` ("USA"/"CAN"); without it, the format that gives a real date wins, US
 * first. Returns undefined when there is no valid `DBB`.
 */
export function parseAamvaDates(text: string): LicenceDates | undefined {
  const fields = new Map<string, string>();
  // Elements end with LF; the header also uses RS (U+001E) and CR.
  for (const raw of text.replaceAll(String.fromCharCode(0x1e), '\n').split(/[\n\r]+/)) {
    const trimmed = raw.trim();
    // The first data element follows the subfile type ("DL" or "ID") on the header's line.
    const line = /^D[A-Z]{2}/.test(trimmed)
      ? trimmed
      : (/.*(?:DL|ID)(D[A-Z]{2}.*)$/.exec(trimmed)?.[1] ?? '');
    const m = /^(D[A-Z]{2})(.*)$/.exec(line);
    if (m && !fields.has(m[1]!)) fields.set(m[1]!, m[2]!.trim());
  }
  const country = fields.get('DCG');
  const read = (value: string | undefined): string | undefined => {
    if (!value || !/^\d{8}$/.test(value)) return undefined;
    const us = `${value.slice(4, 8)}-${value.slice(0, 2)}-${value.slice(2, 4)}`;
    const ca = `${value.slice(0, 4)}-${value.slice(4, 6)}-${value.slice(6, 8)}`;
    const order = country === 'CAN' ? [ca] : country === 'USA' ? [us] : [us, ca];
    return order.find((d) => parseCalendarDate(d) !== undefined);
  };
  const birthDate = read(fields.get('DBB'));
  if (!birthDate) return undefined;
  return { birthDate, expiryDate: read(fields.get('DBA')) };
}

/** How a cashier checked a customer's age. */
export type AgeCheckMethod = 'birth_date' | 'id_scan' | 'visual';

/**
 * What the cashier recorded: a typed date of birth ("YYYY-MM-DD"), the decoded text of a scanned
 * AAMVA PDF417 licence barcode, or "customer clearly over N" (visual, where the store allows it).
 */
export type AgeCheckEvidence =
  | { method: 'birth_date'; birthDate: string }
  | { method: 'id_scan'; idBarcode: string }
  | { method: 'visual' };

/** Why a check was refused. */
export type AgeCheckRefusal = 'under_age' | 'id_expired' | 'id_unreadable' | 'invalid_birth_date';

/**
 * The result of a check. `birthDate` is what was read or typed (the caller decides whether to keep
 * it; Kassa keeps it only when the store's setting asks).
 */
export type AgeCheckOutcome = {
  result: 'passed' | 'refused';
  reason: AgeCheckRefusal | undefined;
  birthDate: string | undefined;
};

/**
 * Evaluates a check against the minimum age (completed years) at `instant` in the store's time
 * zone. An ID scan needs a readable `DBB` and, when the licence has a `DBA`, an expiry on or after
 * the local date (an expired licence is not valid identification). A visual check passes by the
 * cashier's word; whether the store allows it is the caller's rule.
 */
export function evaluateAgeCheck(
  evidence: AgeCheckEvidence,
  minimumAge: number,
  instant: Date,
  timeZone: string,
): AgeCheckOutcome {
  const refuse = (reason: AgeCheckRefusal, birthDate?: string): AgeCheckOutcome => ({
    result: 'refused',
    reason,
    birthDate,
  });
  if (evidence.method === 'visual') return { result: 'passed', reason: undefined, birthDate: undefined };
  const today = localDate(instant, timeZone);
  let birthDate: string;
  if (evidence.method === 'id_scan') {
    const dates = parseAamvaDates(evidence.idBarcode);
    if (!dates) return refuse('id_unreadable');
    birthDate = dates.birthDate;
    const expiry = dates.expiryDate ? parseCalendarDate(dates.expiryDate) : undefined;
    if (expiry && compareDates(expiry, today) < 0) return refuse('id_expired', birthDate);
  } else {
    birthDate = evidence.birthDate;
  }
  const birth = parseCalendarDate(birthDate);
  if (!birth || compareDates(birth, today) > 0) return refuse('invalid_birth_date');
  if (ageOn(birth, today) < minimumAge) return refuse('under_age', birthDate);
  return { result: 'passed', reason: undefined, birthDate };
}
