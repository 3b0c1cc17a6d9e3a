import { createServer, connect, type Server, type Socket } from 'node:net';

/** One SQL text as seen on the wire: how often it ran, and the round trips' time it spent. */
export type StatementCount = { sql: string; count: number; totalMs: number };

export type CensusSummary = {
  sales: number;
  connections: number;
  perSale: {
    roundTrips: number;
    statements: number;
    /** Parse messages of unnamed statements: planned again on every execution. */
    unnamedParses: number;
    namedParses: number;
    simpleQueries: number;
    /** Time between sending a Sync/Query and its ReadyForQuery, summed: the sale's wait on the database. */
    databaseMs: number;
  };
  statements: (StatementCount & { perSale: number; meanMs: number })[];
};

type Pending = { texts: string[]; sentAt: number };

const SSL_REQUEST = 80877103;

const cstring = (buf: Buffer, at: number): [string, number] => {
  const end = buf.indexOf(0, at);
  return [buf.toString('utf8', at, end), end + 1];
};

/**
 * One line per statement shape: whitespace collapsed, and quoted literals (ids and values that a
 * simple-protocol message carries inline, e.g. `EXECUTE kassa_lead_…('…', …)`) shown as '…'.
 */
const normalize = (sql: string) =>
  sql
    .replace(/\s+/g, ' ')
    .replace(/E?'(?:[^']|'')*'/g, "'…'")
    .trim();

/**
 * A TCP proxy in front of PostgreSQL that reads the wire protocol (v3) going both ways and counts,
 * per SQL text, the statements the server under test sends: Parse (named or not), simple Query,
 * Execute, and round trips (each Sync or Query waits for one ReadyForQuery). This is a
 * statement log without server configuration: pg_stat_statements needs a restart to load.
 */
export class WireCensus {
  private readonly server: Server;
  readonly port: number;
  private stats = new Map<string, StatementCount>();
  private counters = {
    roundTrips: 0,
    executes: 0,
    unnamedParses: 0,
    namedParses: 0,
    simpleQueries: 0,
    waitMs: 0,
  };
  private connections = 0;
  private readonly sockets = new Set<Socket>();

  private constructor(server: Server, port: number) {
    this.server = server;
    this.port = port;
  }

  static start(upstreamHost: string, upstreamPort: number): Promise<WireCensus> {
    return new Promise((resolve, reject) => {
      const server = createServer();
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        const address = server.address();
        if (typeof address !== 'object' || !address) return reject(new Error('census: no port'));
        const census = new WireCensus(server, address.port);
        server.on('connection', (client) => census.proxy(client, upstreamHost, upstreamPort));
        resolve(census);
      });
    });
  }

  /** Forgets what was counted so far (e.g. connection set-up). */
  reset(): void {
    this.stats = new Map();
    this.counters = {
      roundTrips: 0,
      executes: 0,
      unnamedParses: 0,
      namedParses: 0,
      simpleQueries: 0,
      waitMs: 0,
    };
    this.connections = 0;
  }

  private count(text: string, ms: number): void {
    const sql = normalize(text);
    const entry = this.stats.get(sql) ?? { sql, count: 0, totalMs: 0 };
    entry.count++;
    entry.totalMs += ms;
    this.stats.set(sql, entry);
  }

  private proxy(client: Socket, host: string, port: number): void {
    this.connections++;
    const upstream = connect(port, host);
    this.sockets.add(client).add(upstream);
    client.setNoDelay(true);
    upstream.setNoDelay(true);
    const pending: Pending[] = [];
    const prepared = new Map<string, string>();
    let batch: string[] = [];
    let bound = '';
    let front = Buffer.alloc(0);
    let back = Buffer.alloc(0);
    let startup = true;
    let sslByte = false;

    const onFront = (chunk: Buffer) => {
      front = Buffer.concat([front, chunk]);
      for (;;) {
        if (startup) {
          if (front.length < 8) return;
          const length = front.readInt32BE(0);
          if (front.length < length) return;
          if (front.readInt32BE(4) === SSL_REQUEST) sslByte = true;
          else startup = false;
          front = front.subarray(length);
          continue;
        }
        if (front.length < 5) return;
        const length = front.readInt32BE(1);
        if (front.length < 1 + length) return;
        const type = String.fromCharCode(front[0]!);
        const body = front.subarray(5, 1 + length);
        front = front.subarray(1 + length);
        if (type === 'P') {
          const [name, next] = cstring(body, 0);
          const [text] = cstring(body, next);
          prepared.set(name, text);
          if (name) this.counters.namedParses++;
          else this.counters.unnamedParses++;
        } else if (type === 'B') {
          const [, next] = cstring(body, 0);
          const [statement] = cstring(body, next);
          bound = prepared.get(statement) ?? `<unknown statement ${statement}>`;
        } else if (type === 'E') {
          batch.push(bound);
          this.counters.executes++;
        } else if (type === 'S') {
          pending.push({ texts: batch, sentAt: performance.now() });
          batch = [];
          this.counters.roundTrips++;
        } else if (type === 'Q') {
          const [text] = cstring(body, 0);
          pending.push({ texts: [text], sentAt: performance.now() });
          this.counters.roundTrips++;
          this.counters.simpleQueries++;
        }
      }
    };

    const onBack = (chunk: Buffer) => {
      back = Buffer.concat([back, chunk]);
      if (sslByte && back.length > 0) {
        sslByte = false;
        back = back.subarray(1);
      }
      for (;;) {
        if (back.length < 5) return;
        const length = back.readInt32BE(1);
        if (back.length < 1 + length) return;
        const type = back[0];
        back = back.subarray(1 + length);
        if (type !== 0x5a) continue; // 'Z' ReadyForQuery
        const done = pending.shift();
        if (!done) continue; // the one after authentication
        const ms = performance.now() - done.sentAt;
        this.counters.waitMs += ms;
        for (const text of done.texts.length ? done.texts : ['<sync>'])
          this.count(text, ms / Math.max(1, done.texts.length));
      }
    };

    client.on('data', (chunk: Buffer) => {
      upstream.write(chunk);
      onFront(chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      client.write(chunk);
      onBack(chunk);
    });
    const close = () => {
      client.destroy();
      upstream.destroy();
      this.sockets.delete(client);
      this.sockets.delete(upstream);
    };
    client.on('close', close);
    upstream.on('close', close);
    client.on('error', close);
    upstream.on('error', close);
  }

  /** What one sale cost on the wire, given how many sales were created while counting. */
  summary(sales: number): CensusSummary {
    const per = (n: number) => (sales ? n / sales : 0);
    return {
      sales,
      connections: this.connections,
      perSale: {
        roundTrips: per(this.counters.roundTrips),
        statements: per(this.counters.executes + this.counters.simpleQueries),
        unnamedParses: per(this.counters.unnamedParses),
        namedParses: per(this.counters.namedParses),
        simpleQueries: per(this.counters.simpleQueries),
        databaseMs: per(this.counters.waitMs),
      },
      statements: [...this.stats.values()]
        .sort((a, b) => b.count - a.count || b.totalMs - a.totalMs)
        .map((s) => ({ ...s, perSale: per(s.count), meanMs: s.count ? s.totalMs / s.count : 0 })),
    };
  }

  close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
