import { Agent, request } from 'node:http';
import { newDocumentId } from '@kassa/domain';
import { HOT_PRODUCT, benchId, priceOf, type Layout } from './layout.ts';
import { summarize, type LatencySummary } from './stats.ts';

/** One simulated register: its own keep-alive connection, its cashier's token, one sale at a time. */
export type Terminal = {
  register: number;
  store: number;
  email: string;
  token: string;
  agent: Agent;
};

/** What the driver knows of an acknowledged sale, to check the books against. */
export type SaleRecord = {
  register: number;
  store: number;
  receiptNumber: string;
  lines: { product: number; quantity: number }[];
};

/** Every acknowledged sale of the run, kept client-side: the books are checked against it. */
export class Ledger {
  readonly acknowledged = new Map<string, SaleRecord>();
  /** Ids acknowledged a second time (a stored sale returned again); should stay 0. */
  duplicateAcks = 0;
  /** Ids given up after retries without an acknowledgement. */
  readonly unresolved = new Set<string>();
  /** Quantity sold per `${store}:${product}`. */
  readonly sold = new Map<string, number>();

  acknowledge(id: string, record: SaleRecord): void {
    if (this.acknowledged.has(id)) {
      this.duplicateAcks++;
      return;
    }
    this.unresolved.delete(id);
    this.acknowledged.set(id, record);
    for (const line of record.lines) {
      const key = `${record.store}:${line.product}`;
      this.sold.set(key, (this.sold.get(key) ?? 0) + line.quantity);
    }
  }
}

export type PhaseResult = {
  label: string;
  clients: number;
  hot: boolean;
  /** From the first request to the last response, seconds. */
  seconds: number;
  /** Sales created (201). */
  sales: number;
  /** Stored sales returned for a retried id (200). */
  replays: number;
  salesPerSecond: number;
  latencyMs: LatencySummary;
  /** Failed attempts by `status code` (e.g. "422 tenders_short", "network ECONNRESET"). */
  errors: Record<string, number>;
  errorCount: number;
  /** Responses whose total differs from the driver's own Iowa arithmetic (information only). */
  totalMismatches: number;
};

type Reply = { status: number; body: string };

function post(baseUrl: URL, terminal: Terminal, path: string, body: string, token?: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(body),
    };
    if (token) headers.authorization = `Bearer ${token}`;
    const req = request(
      { host: baseUrl.hostname, port: baseUrl.port, path, method: 'POST', agent: terminal.agent, headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', reject);
      },
    );
    req.setTimeout(30_000, () => req.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })));
    req.on('error', reject);
    req.end(body);
  });
}

/** Signs the terminal's cashier in through POST /api/v1/auth/login. @throws Error on any other answer than 200. */
export async function login(baseUrl: URL, terminal: Terminal, password: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const reply = await post(
      baseUrl,
      terminal,
      '/api/v1/auth/login',
      JSON.stringify({ email: terminal.email, password }),
    );
    if (reply.status === 200) {
      terminal.token = (JSON.parse(reply.body) as { accessToken: string }).accessToken;
      return;
    }
    if (reply.status === 429 && attempt < 20) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      continue;
    }
    throw new Error(`login ${terminal.email}: ${reply.status} ${reply.body.slice(0, 300)}`);
  }
}

export function newTerminal(register: number, store: number, email: string): Terminal {
  return { register, store, email, token: '', agent: new Agent({ keepAlive: true, maxSockets: 1 }) };
}

const randomInt = (min: number, max: number) => min + Math.floor(Math.random() * (max - min + 1));

/** Iowa 6 % state + 1 % local, exclusive, each rounded half-up per line (as the seed configures). */
const lineTotal = (net: number) => net + Math.floor((net * 6 + 50) / 100) + Math.floor((net + 50) / 100);

type SaleDraft = { id: string; body: string; lines: SaleRecord['lines']; total: number };

/**
 * A sale as a terminal rings it up: 5 different products (the hot product first in the hot-SKU
 * variant), quantities 1 to 3, paid in cash with change (next $20 note) or split: part on an
 * external card, the rest in cash rounded up to $5.
 */
export function draftSale(layout: Layout, terminal: Terminal, hot: boolean): SaleDraft {
  const products = new Set<number>(hot ? [HOT_PRODUCT] : []);
  while (products.size < 5) products.add(randomInt(1, layout.products));
  const lines = [...products].map((product) => ({ product, quantity: randomInt(1, 3) }));
  const total = lines.reduce((sum, l) => sum + lineTotal(priceOf(l.product) * l.quantity), 0);
  const tenders =
    Math.random() < 0.5
      ? [{ method: 'cash', amount: (Math.floor(total / 2000) + 1) * 2000 }]
      : (() => {
          const card = Math.floor(total * (0.3 + Math.random() * 0.4));
          return [
            { method: 'card', amount: card, reference: `AUTH-${randomInt(100000, 999999)}` },
            { method: 'cash', amount: (Math.floor((total - card) / 500) + 1) * 500 },
          ];
        })();
  const id = newDocumentId();
  const body = JSON.stringify({
    id,
    registerId: benchId('register', terminal.register),
    lines: lines.map((l) => ({ productId: benchId('product', l.product), quantity: String(l.quantity) })),
    tenders,
    clientCreatedAt: new Date().toISOString(),
  });
  return { id, body, lines, total };
}

const RETRIES = 3;

/** The `code` of an RFC 9457 problem body. */
function problemCode(body: string): string {
  try {
    return (JSON.parse(body) as { code?: string }).code ?? '';
  } catch {
    return 'non-json';
  }
}

/**
 * Runs one phase: every terminal sells one sale at a time, waiting for each answer, until
 * `seconds` have passed; a sale in flight at the deadline is finished. A network error or a 5xx
 * is retried with the same id, as a terminal's outbox would; an expired token signs in again.
 */
export async function runPhase(options: {
  label: string;
  baseUrl: URL;
  terminals: Terminal[];
  seconds: number;
  hot: boolean;
  layout: Layout;
  ledger: Ledger;
  password: string;
}): Promise<PhaseResult> {
  const { baseUrl, ledger, layout, hot } = options;
  const latencies: number[] = [];
  const errors: Record<string, number> = {};
  let sales = 0;
  let replays = 0;
  let totalMismatches = 0;
  const fail = (key: string) => (errors[key] = (errors[key] ?? 0) + 1);

  const sellOne = async (terminal: Terminal) => {
    const draft = draftSale(layout, terminal, hot);
    for (let attempt = 1; attempt <= RETRIES; attempt++) {
      const started = performance.now();
      let reply: Reply;
      try {
        reply = await post(baseUrl, terminal, '/api/v1/sales', draft.body, terminal.token);
      } catch (err) {
        fail(`network ${(err as { code?: string }).code ?? (err as Error).message}`);
        continue;
      }
      const elapsed = performance.now() - started;
      if (reply.status === 201 || reply.status === 200) {
        const sale = JSON.parse(reply.body) as { id: string; receiptNumber: string; total: number };
        if (sale.id !== draft.id) throw new Error(`answer for ${draft.id} names sale ${sale.id}`);
        if (sale.total !== draft.total) totalMismatches++;
        latencies.push(elapsed);
        if (reply.status === 201) sales++;
        else replays++;
        ledger.acknowledge(draft.id, {
          register: terminal.register,
          store: terminal.store,
          receiptNumber: sale.receiptNumber,
          lines: draft.lines,
        });
        return;
      }
      const code = problemCode(reply.body);
      fail(`${reply.status} ${code}`.trim());
      if (reply.status === 401 && code === 'token_expired') {
        await login(baseUrl, terminal, options.password);
        continue;
      }
      if (reply.status < 500) break;
    }
    ledger.unresolved.add(draft.id);
  };

  const started = performance.now();
  const deadline = started + options.seconds * 1000;
  await Promise.all(
    options.terminals.map(async (terminal) => {
      while (performance.now() < deadline) await sellOne(terminal);
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const errorCount = Object.values(errors).reduce((a, b) => a + b, 0);
  return {
    label: options.label,
    clients: options.terminals.length,
    hot,
    seconds,
    sales,
    replays,
    salesPerSecond: sales / seconds,
    latencyMs: summarize(latencies),
    errors,
    errorCount,
    totalMismatches,
  };
}
