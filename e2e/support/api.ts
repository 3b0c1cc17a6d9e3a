import type { LoginResponse, Product, ProductPage, Sale, Store } from '@kassa/contracts';

/** A small client for the tests to read what the UI should show, and what the server stored. */
export type TestApi = {
  token: string;
  get<T>(path: string): Promise<T>;
};

export async function loginApi(baseUrl: string, email: string, password: string): Promise<TestApi> {
  const response = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (!response.ok) throw new Error(`login failed: ${response.status} ${await response.text()}`);
  const { accessToken } = (await response.json()) as LoginResponse;
  return {
    token: accessToken,
    async get<T>(path: string) {
      const reply = await fetch(`${baseUrl}/api/v1${path}`, {
        headers: { Authorization: `Bearer ${accessToken}` },
      });
      if (!reply.ok) throw new Error(`GET ${path}: ${reply.status} ${await reply.text()}`);
      return (await reply.json()) as T;
    },
  };
}

export const fetchProducts = (api: TestApi, query: string) => api.get<ProductPage>(`/products?${query}`);
export const fetchStores = async (api: TestApi) => (await api.get<{ items: Store[] }>('/stores')).items;
export const fetchSale = (api: TestApi, id: string) => api.get<Sale>(`/sales/${id}`);

/**
 * What a line costs with exclusive taxes rounded half up per line, computed here without the
 * domain package, as an independent check of the terminal and the server. Integer percent rates only.
 */
export function expectedLineTotals(product: Product, quantity: number): { net: number; tax: number } {
  const net = product.price * quantity;
  let tax = 0;
  for (const t of product.taxes) {
    if (t.inclusive || t.compound || !/^\d+$/.test(t.rate)) {
      throw new Error(`the test's arithmetic handles integer exclusive rates only, not ${JSON.stringify(t)}`);
    }
    tax += Math.floor((net * Number(t.rate) + 50) / 100);
  }
  return { net, tax };
}

/** $1,234.56 for 123456 USD cents, the way the receipt shows it. */
export function usd(minor: number): string {
  return new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' }).format(minor / 100);
}
