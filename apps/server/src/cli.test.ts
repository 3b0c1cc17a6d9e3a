/** The kassa CLI as an operator runs it: a child process with its own environment and directory. */
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { askAnswers, DEFAULT_ANSWERS } from './ops/env-file.ts';
import { kassa } from '../test/ops.ts';

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'kassa-cli-'));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('kassa --help', { timeout: 90_000 }, () => {
  it('lists every command', async () => {
    const { code, stdout } = await kassa(['--help'], {}, tempDir());
    expect(code).toBe(0);
    for (const command of [
      'env:init',
      'env:check',
      'db:migrate',
      'db:seed',
      'db:setup',
      'health',
      'backup ',
      'backup verify',
      'restore',
    ])
      expect(stdout).toContain(command);
  });

  it('shows a command’s options, and refuses unknown commands and options', async () => {
    const cwd = tempDir();
    const help = await kassa(['restore', '--help'], {}, cwd);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--force');
    const unknown = await kassa(['frobnicate'], {}, cwd);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown command "frobnicate"');
    const badOption = await kassa(['backup', '--bogus'], {}, cwd);
    expect(badOption.code).toBe(2);
    expect(badOption.stderr).toContain("Unknown option '--bogus'");
    expect((await kassa([], {}, cwd)).code).toBe(1);
  });
});

describe('kassa env:init and env:check', { timeout: 90_000 }, () => {
  it('writes a 0600 .env with generated secrets from flags, which env:check accepts', async () => {
    const cwd = tempDir();
    const init = await kassa(
      ['env:init', '--production', '--cors-origins', 'https://pos.example.com', '--data-dir', '/srv/kassa'],
      {},
      cwd,
    );
    expect(init.code).toBe(0);
    const file = join(cwd, '.env');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('NODE_ENV=production');
    expect(text).toContain('KASSA_CORS_ORIGINS=https://pos.example.com');
    expect(text).toMatch(/^KASSA_JWT_SECRET=[\w-]{64}$/m);
    expect(text).toMatch(/^KASSA_MASTER_KEY=k\d{8}:[A-Za-z0-9+/]{43}=$/m);
    expect(text).toMatch(/^KASSA_METRICS_TOKEN=[\w-]{43}$/m);

    const check = await kassa(['env:check'], {}, cwd);
    expect(check.code).toBe(0);
    expect(check.stdout).toContain('configuration is valid (production)');
    expect(check.stdout).not.toContain(text.match(/^KASSA_JWT_SECRET=(.*)$/m)![1]);

    // A second init never replaces the secrets silently.
    const again = await kassa(['env:init'], {}, cwd);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already exists; pass --force');
    expect(readFileSync(file, 'utf8')).toBe(text);
    const forced = await kassa(['env:init', '--force'], {}, cwd);
    expect(forced.code).toBe(0);
    expect(readFileSync(file, 'utf8')).not.toBe(text);
  });

  it('refuses answers that would not start the server', async () => {
    const cwd = tempDir();
    const init = await kassa(['env:init', '--production', '--cors-origins', '*'], {}, cwd);
    expect(init.code).toBe(1);
    expect(init.stderr).toContain('KASSA_CORS_ORIGINS must not be "*"');
    expect(existsSync(join(cwd, '.env'))).toBe(false);
  });

  it('env:check lists every problem and exits 1', async () => {
    const cwd = tempDir();
    writeFileSync(
      join(cwd, 'prod.env'),
      'NODE_ENV=production\nKASSA_JWT_SECRET=changeme\nREDIS_URL=localhost\n',
    );
    const check = await kassa(['env:check', '--file', 'prod.env'], { PORT: '99999' }, cwd);
    expect(check.code).toBe(1);
    expect(check.stderr).toContain('Invalid configuration (4 problems)');
    for (const v of ['PORT', 'KASSA_JWT_SECRET', 'REDIS_URL', 'KASSA_MASTER_KEY'])
      expect(check.stderr).toContain(`- ${v} `);
    const missing = await kassa(['env:check', '--file', 'nope.env'], {}, cwd);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('nope.env does not exist');
  });

  it('asks each question on a terminal, Enter keeping the default', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    const replies = ['production', '', '8080', '', 'redis://cache:6379', 'https://pos.example.com', ''];
    let asked = '';
    // Answer each question when it is asked, as a person at the terminal would.
    output.on('data', (c: Buffer) => {
      asked += c.toString();
      if (asked.endsWith(': ')) input.write(`${replies.shift()}\n`);
    });
    const answers = askAnswers(input, output, DEFAULT_ANSWERS);
    expect(await answers).toEqual({
      production: true,
      port: '8080',
      databaseUrl: '',
      dataDir: './data',
      redisUrl: 'redis://cache:6379',
      corsOrigins: 'https://pos.example.com',
      backupDir: './backups',
    });
    expect(asked).toContain('HTTP port [3000]: ');
  });
});
