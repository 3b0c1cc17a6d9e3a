import { describe, expect, it } from 'vitest';
import { classifyEnter, EMPTY_BURST, recordKey, type ScanBurst } from './scanDetector.ts';

/** Types `text` starting at `start` ms, one key every `gap` ms; returns the burst and the end time. */
function typeText(text: string, start: number, gap: number, burst: ScanBurst = EMPTY_BURST) {
  let at = start;
  let current = burst;
  for (const char of text) {
    current = recordKey(current, char, at);
    at += gap;
  }
  return { burst: current, end: at - gap };
}

describe('scan detection', () => {
  it('keeps a scan whole when one slow gap splits its burst', () => {
    // "2000000270814" (valid GTIN-13) with a 200 ms stall after the fifth digit.
    const head = typeText('20000', 0, 2);
    const tail = typeText('00270814', head.end + 200, 2, head.burst);
    expect(tail.burst.chars).toBe('00270814');
    expect(classifyEnter(tail.burst, '2000000270814', tail.end + 2)).toEqual({
      kind: 'scan',
      code: '2000000270814',
      rest: '',
    });
  });

  it('takes a fast burst of 13 digits followed by Enter as a scan', () => {
    const { burst, end } = typeText('2000000001234', 1000, 5);
    expect(classifyEnter(burst, '2000000001234', end + 5)).toEqual({
      kind: 'scan',
      code: '2000000001234',
      rest: '',
    });
  });

  it('separates a scan from text the person had typed before it', () => {
    const typed = typeText('gin ', 0, 200);
    const { burst, end } = typeText('2000000001234', 5000, 4, typed.burst);
    expect(classifyEnter(burst, 'gin 2000000001234', end + 3)).toEqual({
      kind: 'scan',
      code: '2000000001234',
      rest: 'gin',
    });
  });

  it('takes slowly keyed digits of GTIN length as a keyed barcode, not a scan', () => {
    const { burst, end } = typeText('2000000001234', 0, 180);
    expect(classifyEnter(burst, '2000000001234', end + 300)).toEqual({
      kind: 'keyedBarcode',
      code: '2000000001234',
    });
  });

  it('takes names, SKUs, short numbers and digits with a wrong check digit as text', () => {
    const wrong = typeText('2000000001235', 0, 180);
    expect(classifyEnter(wrong.burst, '2000000001235', wrong.end + 300)).toEqual({
      kind: 'text',
      text: '2000000001235',
    });
    const name = typeText('vodka', 0, 150);
    expect(classifyEnter(name.burst, ' vodka ', name.end + 200)).toEqual({ kind: 'text', text: 'vodka' });
    const short = typeText('12345', 0, 5);
    expect(classifyEnter(short.burst, '12345', short.end + 5)).toEqual({ kind: 'text', text: '12345' });
  });

  it('does not take a fast burst as a scan when Enter comes much later', () => {
    const { burst, end } = typeText('20000000012', 0, 5);
    expect(classifyEnter(burst, '20000000012', end + 2000).kind).toBe('text');
  });
});
