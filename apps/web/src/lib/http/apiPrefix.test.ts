import { API_PREFIX as CONTRACTS_PREFIX } from '@kassa/contracts';
import { expect, it } from 'vitest';
import { API_PREFIX } from './apiPrefix.ts';

it('uses the API prefix of the contracts', () => {
  expect(API_PREFIX).toBe(CONTRACTS_PREFIX);
});
