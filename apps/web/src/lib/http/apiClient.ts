import { ApiError, apiErrorFromResponse } from './apiError.ts';

/** Query string values; `undefined` and empty strings are left out. */
export type QueryParams = Record<string, string | number | boolean | undefined>;

export type RequestOptions = {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  query?: QueryParams;
  body?: unknown;
  signal?: AbortSignal;
  headers?: Record<string, string>;
};

export type ApiClientOptions = {
  /** Defaults to the global fetch; tests pass a fake. */
  fetch?: typeof fetch;
  /** Prefix of every path, e.g. "/api/v1". */
  baseUrl: string;
  /** The access token held in memory, or null when signed out. */
  getAccessToken: () => string | null;
  /**
   * Gets a new access token (POST /auth/refresh with the httpOnly cookie). Returns null when the
   * session cannot be renewed; the caller then signs the user out.
   */
  refreshAccessToken: () => Promise<string | null>;
};

export type ApiClient = {
  request<T>(path: string, options?: RequestOptions): Promise<T>;
  get<T>(path: string, query?: QueryParams, signal?: AbortSignal): Promise<T>;
  post<T>(path: string, body?: unknown, options?: Omit<RequestOptions, 'method' | 'body'>): Promise<T>;
};

/** Builds "path?key=value" from the query, leaving out empty values. */
export function withQuery(path: string, query: QueryParams | undefined): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === '') continue;
    params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

/**
 * A JSON client for the Kassa API. Sends the in-memory access token as a Bearer token; when the
 * server answers 401 `token_expired` it refreshes the token once (one refresh shared by all calls
 * in flight) and repeats the call. Non-2xx answers throw an ApiError; a 204 resolves to undefined.
 */
export function createApiClient(options: ApiClientOptions): ApiClient {
  const fetchImpl = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  let refreshInFlight: Promise<string | null> | null = null;

  function refreshOnce(): Promise<string | null> {
    refreshInFlight ??= options.refreshAccessToken().finally(() => {
      refreshInFlight = null;
    });
    return refreshInFlight;
  }

  async function send(path: string, init: RequestOptions, token: string | null): Promise<Response> {
    // X-Kassa-Request: the server's CSRF check for cookie-authenticated calls (refresh, logout).
    const headers: Record<string, string> = {
      Accept: 'application/json',
      'X-Kassa-Request': '1',
      ...init.headers,
    };
    if (init.body !== undefined) headers['Content-Type'] = 'application/json';
    if (token) headers.Authorization = `Bearer ${token}`;
    try {
      return await fetchImpl(options.baseUrl + withQuery(path, init.query), {
        method: init.method ?? 'GET',
        headers,
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
        credentials: 'same-origin',
        signal: init.signal ?? null,
      });
    } catch (error) {
      if (error instanceof DOMException && error.name === 'AbortError') throw error;
      throw new ApiError(
        0,
        'network_error',
        'The server cannot be reached. Check the network and try again.',
      );
    }
  }

  async function request<T>(path: string, init: RequestOptions = {}): Promise<T> {
    const token = options.getAccessToken();
    let response = await send(path, init, token);
    if (response.status === 401 && token) {
      const error = await apiErrorFromResponse(response);
      if (error.code !== 'token_expired') throw error;
      const fresh = await refreshOnce();
      if (!fresh) throw error;
      response = await send(path, init, fresh);
    }
    if (!response.ok) throw await apiErrorFromResponse(response);
    if (response.status === 204) return undefined as T;
    const text = await response.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }

  return {
    request,
    get: (path, query, signal) => request(path, { query, ...(signal ? { signal } : {}) }),
    post: (path, body, rest) => request(path, { ...rest, method: 'POST', body }),
  };
}
