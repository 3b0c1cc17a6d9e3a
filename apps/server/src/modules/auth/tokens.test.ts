import { afterEach, describe, expect, it, vi } from 'vitest';
import { newDocumentId } from '@kassa/domain';
import { ACCESS_TOKEN_TTL_SECONDS, AccessTokens } from './tokens.ts';

const claims = {
  userId: newDocumentId(),
  companyId: newDocumentId(),
  role: 'cashier' as const,
  sessionId: newDocumentId(),
};

describe('access tokens', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('verifies a token again from the cache with the same claims', async () => {
    const tokens = new AccessTokens('s'.repeat(40));
    const token = await tokens.issue(claims);
    const first = await tokens.verify(token);
    const second = await tokens.verify(token);
    expect(first).toMatchObject(claims);
    expect(second).toEqual(first);
  });

  it('refuses a token with a changed signature even after the genuine one was cached', async () => {
    const tokens = new AccessTokens('s'.repeat(40));
    const token = await tokens.issue(claims);
    await tokens.verify(token);
    const forged = `${token.slice(0, -2)}${token.endsWith('AA') ? 'BB' : 'AA'}`;
    await expect(tokens.verify(forged)).rejects.toMatchObject({ code: 'invalid_token', status: 401 });
    // Another key's verifier has no cache entry for it either.
    await expect(new AccessTokens('t'.repeat(40)).verify(token)).rejects.toMatchObject({
      code: 'invalid_token',
    });
  });

  it('answers token_expired for a cached token once it has expired', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const tokens = new AccessTokens('s'.repeat(40));
    const token = await tokens.issue(claims);
    await tokens.verify(token);
    vi.setSystemTime(Date.now() + (ACCESS_TOKEN_TTL_SECONDS + 1) * 1000);
    await expect(tokens.verify(token)).rejects.toMatchObject({ code: 'token_expired', status: 401 });
  });
});
