import { describe, expect, it, vi } from 'vitest';
import { createApiClient, withQuery } from './apiClient.ts';
import { ApiError } from './apiError.ts';

const json = (status: number, body: unknown, type = 'application/json') =>
  new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { 'Content-Type': type },
  });

const problem = (status: number, code: string, detail: string) =>
  json(status, { type: 'about:blank', title: code, status, code, detail }, 'application/problem+json');

describe('api client', () => {
  it('sends the bearer token and JSON body, and parses the reply', async () => {
    const fetch = vi.fn((_url: string | URL | Request, _init?: RequestInit) =>
      Promise.resolve(json(201, { id: 'x' })),
    );
    const client = createApiClient({
      fetch,
      baseUrl: '/api/v1',
      getAccessToken: () => 'tok',
      refreshAccessToken: () => Promise.resolve(null),
    });
    await expect(client.post('/sales', { a: 1 })).resolves.toEqual({ id: 'x' });
    const [url, init] = fetch.mock.calls[0]!;
    expect(url).toBe('/api/v1/sales');
    expect(init?.method).toBe('POST');
    expect(init?.body).toBe('{"a":1}');
    expect((init?.headers as Record<string, string>).Authorization).toBe('Bearer tok');
    // The server's CSRF check for cookie-authenticated calls (refresh, logout).
    expect((init?.headers as Record<string, string>)['X-Kassa-Request']).toBe('1');
  });

  it('refreshes once on token_expired, shared by concurrent calls, and repeats them', async () => {
    let token = 'old';
    const refresh = vi.fn(async () => {
      await Promise.resolve();
      token = 'new';
      return token;
    });
    const fetch = vi.fn((_url: string | URL | Request, init?: RequestInit) => {
      const auth = (init?.headers as Record<string, string>).Authorization;
      return Promise.resolve(
        auth === 'Bearer new' ? json(200, { ok: true }) : problem(401, 'token_expired', 'expired'),
      );
    });
    const client = createApiClient({
      fetch,
      baseUrl: '',
      getAccessToken: () => token,
      refreshAccessToken: refresh,
    });
    await expect(Promise.all([client.get('/a'), client.get('/b')])).resolves.toEqual([
      { ok: true },
      { ok: true },
    ]);
    expect(refresh).toHaveBeenCalledTimes(1);
    expect(fetch).toHaveBeenCalledTimes(4);
  });

  it('does not refresh for other 401s and throws the problem detail', async () => {
    const refresh = vi.fn(() => Promise.resolve('new'));
    const client = createApiClient({
      fetch: () => Promise.resolve(problem(401, 'unauthorized', 'Wrong email or password')),
      baseUrl: '',
      getAccessToken: () => 'tok',
      refreshAccessToken: refresh,
    });
    const error = await client.get('/a').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 401, code: 'unauthorized', detail: 'Wrong email or password' });
    expect(refresh).not.toHaveBeenCalled();
  });

  it('throws the original error when the refresh fails', async () => {
    const client = createApiClient({
      fetch: () => Promise.resolve(problem(401, 'token_expired', 'expired')),
      baseUrl: '',
      getAccessToken: () => 'tok',
      refreshAccessToken: () => Promise.resolve(null),
    });
    await expect(client.get('/a')).rejects.toMatchObject({ code: 'token_expired' });
  });

  it('reports network failures and non-problem errors with an unknown outcome', async () => {
    const offline = createApiClient({
      fetch: () => Promise.reject(new TypeError('Failed to fetch')),
      baseUrl: '',
      getAccessToken: () => null,
      refreshAccessToken: () => Promise.resolve(null),
    });
    const networkError = (await offline.get('/a').catch((e: unknown) => e)) as ApiError;
    expect(networkError).toMatchObject({ status: 0, code: 'network_error' });
    expect(networkError.outcomeUnknown).toBe(true);

    const broken = createApiClient({
      fetch: () => Promise.resolve(new Response('<html>', { status: 502, statusText: 'Bad Gateway' })),
      baseUrl: '',
      getAccessToken: () => null,
      refreshAccessToken: () => Promise.resolve(null),
    });
    const gatewayError = (await broken.get('/a').catch((e: unknown) => e)) as ApiError;
    expect(gatewayError).toMatchObject({ status: 502, code: 'http_error' });
    expect(gatewayError.outcomeUnknown).toBe(true);
  });

  it('resolves a 204 to undefined and builds query strings without empty values', async () => {
    const client = createApiClient({
      fetch: () => Promise.resolve(new Response(null, { status: 204 })),
      baseUrl: '',
      getAccessToken: () => null,
      refreshAccessToken: () => Promise.resolve(null),
    });
    await expect(client.post('/auth/logout')).resolves.toBeUndefined();
    expect(withQuery('/products', { q: 'gin tonic', barcode: undefined, categoryId: '', limit: 20 })).toBe(
      '/products?q=gin+tonic&limit=20',
    );
    expect(withQuery('/products', {})).toBe('/products');
  });
});
