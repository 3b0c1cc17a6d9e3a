import { expect, it } from 'vitest';
import { formatVolume } from './volume.ts';

it('shows millilitres below a litre and litres above', () => {
  expect(formatVolume(50)).toBe('50 ml');
  expect(formatVolume(750)).toBe('750 ml');
  expect(formatVolume(1000)).toBe('1 L');
  expect(formatVolume(1750)).toBe('1.75 L');
});
