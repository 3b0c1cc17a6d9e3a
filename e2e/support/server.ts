import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export type RunningServer = {
  baseUrl: string;
  port: number;
  dataDir: string;
  /** Ends the process and deletes the data directory. */
  stop: () => Promise<void>;
  /** Ends the process (SIGKILL by default: no graceful shutdown) and keeps the data, to start again on it. */
  kill: (signal?: NodeJS.Signals) => Promise<void>;
};

/** Where to start: the same port and data directory as a killed server, to bring it back. */
export type StartOptions = { port?: number; dataDir?: string };

/** A TCP port nobody listens on right now (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
}

/**
 * Starts the real server (`node --import tsx apps/server/src/main.ts`) on a free port with a fresh
 * embedded database in a temporary directory (seeded with the demo company), and waits until
 * GET /health answers. `stop` ends the process and deletes the directory.
 */
export async function startServer(timeoutMs = 180_000, options: StartOptions = {}): Promise<RunningServer> {
  const port = options.port ?? (await freePort());
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'kassa-e2e-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    KASSA_DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    NODE_ENV: 'test',
  };
  delete env.DATABASE_URL;
  const child = spawn(process.execPath, ['--import', 'tsx', 'apps/server/src/main.ts'], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);

  const kill = async (signal: NodeJS.Signals = 'SIGKILL') => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill(signal);
      const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited(child);
      clearTimeout(killer);
    }
  };
  const stop = async () => {
    await kill('SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  };
  // A caller's data directory is theirs to delete: a failed start only ends the process.
  const giveUp = options.dataDir ? () => kill('SIGTERM') : stop;

  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      await giveUp();
      throw new Error(
        `the server exited (${child.exitCode ?? child.signalCode}) before it was ready:\n${output}`,
      );
    }
    try {
      const response = await fetch(`${baseUrl}/health`);
      if (response.ok && ((await response.json()) as { status?: string }).status === 'ok') {
        return { baseUrl, port, dataDir, stop, kill };
      }
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  await giveUp();
  throw new Error(`the server did not answer GET /health within ${timeoutMs / 1000} s:\n${output}`);
}
