import { isValidGtin } from '@kassa/domain';

/**
 * Tells a barcode scanner from a person in the one search box. A scanner in keyboard-wedge mode
 * "types" the digits of the code a few milliseconds apart and then presses Enter; a person types
 * far slower. We keep the current burst of fast keystrokes and decide when Enter comes.
 */

export type ScanDetectorOptions = {
  /** Longest gap between two keystrokes of one scan, in ms. Scanners send every 1-20 ms. */
  maxGapMs: number;
  /** Shortest code taken as a scan (EAN-8 is the shortest GTIN). */
  minLength: number;
  /** Longest code taken as a scan (GTIN-14). */
  maxLength: number;
};

export const DEFAULT_SCAN_OPTIONS: ScanDetectorOptions = { maxGapMs: 50, minLength: 8, maxLength: 14 };

/** The burst of fast keystrokes that ends with the latest one. */
export type ScanBurst = { chars: string; lastAt: number };

export const EMPTY_BURST: ScanBurst = { chars: '', lastAt: Number.NEGATIVE_INFINITY };

/** What Enter in the search box means. */
export type EnterIntent =
  /** A scanner sent `code`; `rest` is what the person had typed before it, to put back. */
  | { kind: 'scan'; code: string; rest: string }
  /** A person keyed a whole, valid GTIN by hand: look it up by exact barcode too. */
  | { kind: 'keyedBarcode'; code: string }
  /** Plain text: a name or SKU search. */
  | { kind: 'text'; text: string };

const DIGITS = /^\d+$/;

/** Adds one printable keystroke typed at `at` (ms) to the burst, starting a new burst after a pause. */
export function recordKey(
  burst: ScanBurst,
  char: string,
  at: number,
  options: ScanDetectorOptions = DEFAULT_SCAN_OPTIONS,
): ScanBurst {
  const continues = at - burst.lastAt <= options.maxGapMs;
  return { chars: continues ? burst.chars + char : char, lastAt: at };
}

/**
 * Decides what Enter at `at` (ms) means, given the box's `text` and the burst that led to it. A
 * scan is a fast burst of digits, of barcode length, that ends the text and came right before Enter.
 */
export function classifyEnter(
  burst: ScanBurst,
  text: string,
  at: number,
  options: ScanDetectorOptions = DEFAULT_SCAN_OPTIONS,
): EnterIntent {
  const code = burst.chars;
  const isScan =
    at - burst.lastAt <= options.maxGapMs * 2 &&
    DIGITS.test(code) &&
    code.length >= options.minLength &&
    code.length <= options.maxLength &&
    text.endsWith(code);
  const trimmed = text.trim();
  // A busy main thread can stretch one gap inside a real scan and split its burst; when the whole
  // box is a valid GTIN that ends with the burst, the whole box is the barcode.
  if (isScan && DIGITS.test(trimmed) && isValidGtin(trimmed))
    return { kind: 'scan', code: trimmed, rest: '' };
  if (isScan) return { kind: 'scan', code, rest: text.slice(0, text.length - code.length).trim() };
  if (isValidGtin(trimmed)) return { kind: 'keyedBarcode', code: trimmed };
  return { kind: 'text', text: trimmed };
}
