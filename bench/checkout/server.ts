import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { cpuMsOf, memoryOf } from './procfs.ts';

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** True when anything answers HTTP on the port (the server listens only after migrating). */
function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path: '/health', method: 'GET', timeout: 2000 }, (res) => {
      res.resume();
      resolve(true);
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => {
      req.destroy();
      resolve(false);
    });
    req.end();
  });
}

export type ServerStart = {
  label: string;
  /** The checkout whose server is run (see `serverEntry`). */
  root: string;
  /** Environment of the child on top of PATH and HOME; nothing else of ours leaks in. */
  env: Record<string, string>;
  /** Node flags before the entry point, e.g. --cpu-prof. */
  nodeFlags?: string[];
  /** A file that gets everything the server prints (appended), e.g. with --trace-gc. */
  logFile?: string;
};

/** How a checkout's server runs: its esbuild bundle, or its sources through tsx (older commits). */
export type ServerEntry = { kind: 'bundle' | 'tsx'; args: string[] };

const entries = new Map<string, Promise<ServerEntry>>();

async function prepareEntry(root: string): Promise<ServerEntry> {
  const script = join(root, 'scripts/build-server.mjs');
  if (!existsSync(script)) return { kind: 'tsx', args: ['--import', 'tsx', 'apps/server/src/main.ts'] };
  try {
    await promisify(execFile)(process.execPath, [script, '--if-stale'], { cwd: root });
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    throw new Error(`building the server of ${root} failed:\n${stdout}${stderr}`, { cause: error });
  }
  return { kind: 'bundle', args: ['apps/server/dist/main.js'] };
}

/**
 * The node arguments that start a checkout's server, as production runs it: a checkout with
 * `scripts/build-server.mjs` is built (when its bundle is older than its sources, once per bench
 * run) and `apps/server/dist/main.js` runs with plain node; a checkout of a commit before the bundle
 * runs `--import tsx apps/server/src/main.ts` as it did then.
 */
export function serverEntry(root: string): Promise<ServerEntry> {
  let entry = entries.get(root);
  if (!entry) {
    entry = prepareEntry(root);
    entries.set(root, entry);
  }
  return entry;
}

/**
 * Kassa's real server as a child process from the root of a checkout (`node
 * apps/server/dist/main.js`, or through tsx for an older checkout: see `serverEntry`). Keeps the
 * tail of its output, samples its resident memory, and counts the log lines at warn level and
 * above (pino JSON `"level":40` or more).
 */
export class KassaServer {
  readonly port: number;
  readonly url: string;
  private readonly child: ChildProcess;
  private readonly tail: string[] = [];
  private exited: Promise<number | null>;
  private exitCode: number | null | undefined;
  private windowPeakRssKb = 0;
  private lastHwmKb = 0;
  private lastCpuMs = 0;
  private sampler: NodeJS.Timeout | undefined;
  /** Log lines at warn or above, and the first few of them. */
  warnings = 0;
  readonly firstWarnings: string[] = [];

  private constructor(
    port: number,
    start: ServerStart,
    readonly entry: ServerEntry,
  ) {
    this.port = port;
    this.url = `http://127.0.0.1:${port}`;
    this.child = spawn(process.execPath, [...(start.nodeFlags ?? []), ...entry.args], {
      cwd: start.root,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...start.env, PORT: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (!line) continue;
        this.tail.push(line);
        if (this.tail.length > 200) this.tail.shift();
        const level = /"level":(\d+)/.exec(line);
        if (level && Number(level[1]) >= 40) {
          this.warnings++;
          if (this.firstWarnings.length < 5) this.firstWarnings.push(line.slice(0, 500));
        }
      }
    };
    this.child.stdout?.on('data', keep);
    this.child.stderr?.on('data', keep);
    if (start.logFile) {
      // Both streams into one file, closed when the server exits (not when the first stream ends).
      const file = createWriteStream(start.logFile, { flags: 'a' });
      this.child.stdout?.pipe(file, { end: false });
      this.child.stderr?.pipe(file, { end: false });
      this.child.on('close', () => file.end());
    }
    this.exited = new Promise((resolve) => {
      this.child.on('exit', (code) => {
        this.exitCode = code;
        resolve(code);
      });
    });
    this.sampler = setInterval(() => this.sample(), 200);
    this.sampler.unref();
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  /** Builds the server if needed, starts it and waits until it answers HTTP (after its migrations). */
  static async start(start: ServerStart, timeoutMs = 120_000): Promise<KassaServer> {
    const entry = await serverEntry(start.root);
    const server = new KassaServer(await freePort(), start, entry);
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (server.exitCode !== undefined)
        throw new Error(`${start.label}: the server exited (${server.exitCode}):\n${server.output()}`);
      if (await answers(server.port)) return server;
      await sleep(100);
    }
    await server.stop();
    throw new Error(`${start.label}: the server did not answer within ${timeoutMs} ms:\n${server.output()}`);
  }

  private sample(): void {
    const memory = memoryOf(this.pid);
    if (memory) {
      this.windowPeakRssKb = Math.max(this.windowPeakRssKb, memory.rssKb);
      this.lastHwmKb = memory.hwmKb;
    }
    const cpu = cpuMsOf(this.pid);
    if (cpu > 0) this.lastCpuMs = cpu;
  }

  /** CPU milliseconds the server has used so far. */
  cpuMs(): number {
    this.sample();
    return this.lastCpuMs;
  }

  /** Starts a window of RSS sampling (one at a time); the returned function gives its peak in KiB. */
  rssWindow(): () => number {
    this.windowPeakRssKb = memoryOf(this.pid)?.rssKb ?? 0;
    return () => {
      this.sample();
      return this.windowPeakRssKb;
    };
  }

  /** The kernel's peak resident set of the whole process life (VmHWM), in KiB. */
  hwmKb(): number {
    this.sample();
    return this.lastHwmKb;
  }

  output(): string {
    return this.tail.slice(-40).join('\n');
  }

  /** SIGTERM, then SIGKILL after 20 s; resolves with the exit code. */
  async stop(): Promise<number | null> {
    this.sample();
    if (this.sampler) clearInterval(this.sampler);
    if (this.exitCode !== undefined) return this.exitCode;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 20_000);
    const code = await this.exited;
    clearTimeout(timer);
    return code;
  }
}
