/** The kassa CLI as an operator runs it: a child process with its own environment and directory. */
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { and, eq } from 'drizzle-orm';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { PGlite } from '@electric-sql/pglite';
import { openDatabase, schema, withCompanyTx, type DatabaseHandle } from '@kassa/db';
import { buildApp } from './app.ts';
import { allCompanyIds } from './modules/audit/audit.repository.ts';
import { recordAudit } from './modules/audit/audit.service.ts';
import { KeyRing } from './modules/audit/keyring.ts';
import { verifySecret } from './modules/auth/passwords.ts';
import { AccessTokens } from './modules/auth/tokens.ts';
import { askAnswers, DEFAULT_ANSWERS } from './ops/env-file.ts';
import { bearer, DEMO_PASSWORD, login, TEST_JWT_SECRET } from '../test/harness.ts';
import { CLI, kassa, runTs } from '../test/ops.ts';

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
      'create-platform-admin',
      'audit verify',
      'keys rotate',
      'user disable',
    ])
      expect(stdout).toContain(command);
    expect(stdout).not.toContain('Not available');
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

describe('kassa create-platform-admin', { timeout: 120_000 }, () => {
  it('creates an operator with an argon2id password, once per e-mail address', async () => {
    const cwd = tempDir();
    const env = { KASSA_DATA_DIR: join(cwd, 'data') };
    const args = ['create-platform-admin', '--email', 'Ops@Example.com', '--name', 'Platform Ops'];
    const created = await runTs(CLI, [...args, '--password-stdin'], {
      env,
      cwd,
      input: 'correct horse battery staple\n',
    });
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);
    expect(created.stdout).toContain('platform operator ops@example.com created');
    expect(created.stdout).not.toContain('correct horse');

    const again = await runTs(CLI, [...args, '--password-stdin'], {
      env,
      cwd,
      input: 'another long password\n',
    });
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('ops@example.com is already a platform operator');
    const short = await runTs(
      CLI,
      ['create-platform-admin', '--email', 'b@example.com', '--name', 'B', '--password-stdin'],
      {
        env,
        cwd,
        input: 'short\n',
      },
    );
    expect(short.code).toBe(1);
    expect(short.stderr).toContain('at least 12 characters');
    const badEmail = await kassa(['create-platform-admin', '--email', 'nope', '--name', 'X'], env, cwd);
    expect(badEmail.code).toBe(2);
    expect(badEmail.stderr).toContain('--email must be an e-mail address');

    // Without a terminal and without --password-stdin a password is generated and shown once.
    const generated = await kassa(
      ['create-platform-admin', '--email', 'night@example.com', '--name', 'Night'],
      env,
      cwd,
    );
    expect(generated.code).toBe(0);
    const shown = /password \(shown once, store it safely\): (\S+)/.exec(generated.stdout)?.[1];
    expect(shown).toHaveLength(24);

    const handle = await openDatabase({ dataDir: env.KASSA_DATA_DIR });
    try {
      const rows = await handle.db.select().from(schema.platformAdmins).orderBy(schema.platformAdmins.email);
      expect(rows.map((r) => [r.email, r.name])).toEqual([
        ['night@example.com', 'Night'],
        ['ops@example.com', 'Platform Ops'],
      ]);
      expect(rows[1]!.passwordHash).toMatch(/^\$argon2id\$/);
      expect(await verifySecret(rows[1]!.passwordHash, 'correct horse battery staple')).toBe(true);
      expect(await verifySecret(rows[0]!.passwordHash, shown!)).toBe(true);
    } finally {
      await handle.close();
    }
  });
});

describe('kassa user disable, audit verify and keys rotate', { timeout: 180_000 }, () => {
  const cwd = tempDir();
  const dataDir = join(cwd, 'data');
  const K1 = `k1:${Buffer.alloc(32, 1).toString('base64')}`;
  const K2 = `k2:${Buffer.alloc(32, 2).toString('base64')}`;
  const env = { KASSA_DATA_DIR: dataDir, KASSA_MASTER_KEY: K1 };

  const withDb = async <T>(fn: (h: DatabaseHandle) => Promise<T>): Promise<T> => {
    const handle = await openDatabase({ dataDir, migrate: false });
    try {
      return await fn(handle);
    } finally {
      await handle.close();
    }
  };
  /** Runs `fn` against the HTTP API of a server on the data directory (closed afterwards). */
  const withApp = <T>(fn: (app: Awaited<ReturnType<typeof buildApp>>) => Promise<T>) =>
    withDb(async (h) => {
      const app = await buildApp({
        db: h.db,
        tokens: new AccessTokens(TEST_JWT_SECRET),
        secureCookies: false,
      });
      try {
        return await fn(app);
      } finally {
        await app.close();
      }
    });
  const userRow = (email: string) =>
    withDb(async (h) => {
      const [companyId] = await allCompanyIds(h.db);
      return withCompanyTx(h.db, companyId!, async (tx) => {
        const [u] = await tx.select().from(schema.users).where(eq(schema.users.email, email));
        const sessions = await tx
          .select()
          .from(schema.sessions)
          .where(and(eq(schema.sessions.companyId, companyId!), eq(schema.sessions.userId, u!.id)));
        return { companyId: companyId!, user: u!, sessions };
      });
    });

  it('db:setup prepares the database (from the run’s template when embedded)', async () => {
    const template = inject('template');
    if (template.kind === 'pglite') {
      const db = await PGlite.create({ dataDir, loadDataDir: new Blob([readFileSync(template.dumpFile)]) });
      await db.close();
    }
    const setup = await kassa(['db:setup'], env, cwd);
    expect(setup.code, setup.stderr).toBe(0);
    expect(setup.stdout).toContain('migrations are up to date');
  });

  it('db:migrate and db:seed on a set-up database change nothing; an unreachable database exits 1', async () => {
    const migrate = await kassa(['db:migrate'], env, cwd);
    expect(migrate.code, migrate.stderr).toBe(0);
    expect(migrate.stdout).toContain('migrations are up to date');
    const seed = await kassa(['db:seed'], env, cwd);
    expect(seed.code, seed.stderr).toBe(0);
    expect(seed.stdout).toContain('already has companies');
    expect(await withDb((h) => allCompanyIds(h.db))).toHaveLength(1);

    const down = await kassa(['db:migrate'], { DATABASE_URL: 'postgres://kassa@127.0.0.1:9/kassa' }, cwd);
    expect(down.code).toBe(1);
    expect(down.stderr).toMatch(/^kassa: /);
    expect(down.stderr).not.toMatch(/\n\s+at /);
  });

  it('user disable ends every session at once, once; refuses what it cannot do', async () => {
    const manager = 'manager@demo.kassa.dev';
    const session = await withApp((app) => login(app, manager));
    expect((await userRow(manager)).sessions.filter((x) => !x.revokedAt)).toHaveLength(1);

    const done = await kassa(['user', 'disable', 'Manager@Demo.Kassa.dev'], env, cwd);
    expect(done.code, done.stderr).toBe(0);
    expect(done.stdout).toMatch(
      /manager@demo\.kassa\.dev \(user \S+, company \S+\) is now disabled; 1 session\(s\) ended/,
    );
    const after = await userRow(manager);
    expect(after.user.active).toBe(false);
    expect(after.sessions.map((x) => x.revokedReason)).toEqual(['user_disabled']);
    // The access token stops working at once, and the user cannot sign in again.
    await withApp(async (app) => {
      const me = await app.inject({
        method: 'GET',
        url: '/api/v1/auth/me',
        headers: bearer(session.accessToken),
      });
      expect(me.statusCode).toBe(401);
      const again = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: manager, password: DEMO_PASSWORD },
      });
      expect(again.statusCode).toBe(401);
    });
    const audit = await withDb((h) =>
      withCompanyTx(h.db, after.companyId, (tx) =>
        tx
          .select()
          .from(schema.auditEntries)
          .where(
            and(
              eq(schema.auditEntries.action, 'user.disabled'),
              eq(schema.auditEntries.subjectId, after.user.id),
            ),
          ),
      ),
    );
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      actorId: null,
      details: { via: 'kassa user disable', sessionsRevoked: 1 },
    });

    const twice = await kassa(['user', 'disable', manager], env, cwd);
    expect(twice.code).toBe(0);
    expect(twice.stdout).toContain('was already disabled; 0 session(s) ended');

    const nobody = await kassa(['user', 'disable', 'nobody@example.com'], env, cwd);
    expect(nobody.code).toBe(1);
    expect(nobody.stderr).toContain('no user has the e-mail address nobody@example.com');

    // The only active owner: refused without --force, and nothing changes.
    const owner = 'owner@demo.kassa.dev';
    const ownerBefore = await userRow(owner);
    const lastOwner = await kassa(['user', 'disable', owner], env, cwd);
    expect(lastOwner.code).toBe(1);
    expect(lastOwner.stderr).toContain('is the last active owner');
    expect(lastOwner.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(await userRow(owner)).toEqual(ownerBefore);

    for (const args of [['user'], ['user', 'enable', owner], ['user', 'disable', 'not-an-address']]) {
      const bad = await kassa(args, env, cwd);
      expect(bad.code, args.join(' ')).toBe(2);
    }
    expect((await userRow(owner)).user.active).toBe(true);
  });

  it('keys rotate re-wraps data keys under the new master key, and refuses without the old one', async () => {
    // A sensitive audit field makes the company's data key, wrapped by k1.
    const companyId = (await userRow('owner@demo.kassa.dev')).companyId;
    await withDb((h) =>
      withCompanyTx(h.db, companyId, (tx) =>
        recordAudit(
          { companyId, tx, keys: new KeyRing({ id: 'k1', key: Buffer.alloc(32, 1) }) },
          { action: 'auth.login.failed', sensitive: { email: 'someone@example.com', ip: '192.0.2.1' } },
        ),
      ),
    );
    const noKey = await kassa(['keys', 'rotate'], { KASSA_DATA_DIR: dataDir }, cwd);
    expect(noKey.code).toBe(1);
    expect(noKey.stderr).toContain('KASSA_MASTER_KEY is not set');

    const withoutOld = await kassa(
      ['keys', 'rotate'],
      { KASSA_DATA_DIR: dataDir, KASSA_MASTER_KEY: K2 },
      cwd,
    );
    expect(withoutOld.code).toBe(1);
    expect(withoutOld.stderr).toMatch(/"k1".*not configured/);

    const rotateEnv = { KASSA_DATA_DIR: dataDir, KASSA_MASTER_KEY: K2, KASSA_PREVIOUS_MASTER_KEYS: K1 };
    const rotated = await kassa(['keys', 'rotate'], rotateEnv, cwd);
    expect(rotated.code, rotated.stderr).toBe(0);
    expect(rotated.stdout).toMatch(/now wrapped by master key k2: 1 re-wrapped, 0 already were/);
    const again = await kassa(['keys', 'rotate'], rotateEnv, cwd);
    expect(again.stdout).toMatch(/0 re-wrapped, 1 already were/);
    const wrappedBy = await withDb((h) =>
      withCompanyTx(h.db, companyId, (tx) =>
        tx.select({ id: schema.dataKeys.masterKeyId }).from(schema.dataKeys),
      ),
    );
    expect(wrappedBy).toEqual([{ id: 'k2' }]);
    expect((await kassa(['keys'], rotateEnv, cwd)).code).toBe(2);
  });

  it('audit verify passes an intact log and names the first broken link of a tampered one', async () => {
    const intact = await kassa(['audit', 'verify'], env, cwd);
    expect(intact.code, intact.stderr).toBe(0);
    expect(intact.stdout).toMatch(/audit log intact: 1 companies, \d+ streams, [1-9]\d* entries checked/);

    // Someone with superuser rights switches the append-only trigger off and edits an entry.
    await withDb(async (h) => {
      await h.pglite!.exec(`RESET ROLE;
        ALTER TABLE audit_entries DISABLE TRIGGER audit_entries_append_only;
        UPDATE audit_entries SET details = '{"sessionsRevoked":0}'::jsonb WHERE action = 'user.disabled';
        ALTER TABLE audit_entries ENABLE TRIGGER audit_entries_append_only;`);
    });
    const broken = await kassa(['audit', 'verify'], env, cwd);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(
      /audit verify FAILED: first broken link: company \S+, stream company, entry \d+/,
    );
    expect((await kassa(['audit'], env, cwd)).code).toBe(2);
  });
});
