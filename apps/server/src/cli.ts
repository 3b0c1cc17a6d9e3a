/**
 * The `kassa` command line: configuration, database, health, backup and restore for operators.
 * `kassa --help` lists every command. Reads the same environment as the server (and `.env`, or
 * the file KASSA_ENV_FILE names). Every command exits 0 on success and non-zero on failure
 * (1: the job failed, 2: the command line is wrong).
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { DatabaseHandle } from '@kassa/db';
import { ConfigError, formatProblems, loadDotEnv, loadEnv, parseEnv, type Env } from './config.ts';
import type { Readiness } from './modules/health/readiness.ts';
import { BackupFileError } from './ops/archive.ts';
import type { CheckedRestore, OpsTarget } from './ops/backup.ts';
import {
  askAnswers,
  checkEnvText,
  DEFAULT_ANSWERS,
  renderEnvFile,
  writeEnvFile,
  type EnvAnswers,
} from './ops/env-file.ts';
import { OpsError } from './ops/errors.ts';

const USAGE = `Usage: kassa <command> [options]

Configuration
  env:init              write a .env with generated secrets (asks on a terminal, flags otherwise)
  env:check             validate the configuration without starting the server

Database
  db:migrate            apply pending database migrations
  db:seed               seed the demo company (only into an empty database)
  db:setup              db:migrate, then db:seed
  create-platform-admin create an operator account of the platform (--email, --name)

Operations
  health                check a running server, or the configuration and database when none runs
  backup                back up the database into one file
  backup verify <file>  restore a backup into a scratch database and compare every table
  restore <file>        restore a backup into the configured database (refuses a non-empty one)

Security
  audit verify          check every hash chain of the audit log; names the first broken link
  keys rotate           re-wrap the data keys under KASSA_MASTER_KEY (after a master key change)
  user disable <email>  disable a user and end all their sessions now (emergency revocation)

  --help                show this help; \`kassa <command> --help\` shows a command's options

The database is PostgreSQL when DATABASE_URL is set, else the embedded one in KASSA_DATA_DIR.`;

const HELP: Record<string, string> = {
  'env:init': `Usage: kassa env:init [options]

Writes a .env file (mode 0600) with a new KASSA_JWT_SECRET, KASSA_MASTER_KEY and KASSA_METRICS_TOKEN.
On a terminal it asks each question; otherwise (or with --yes) it takes the flags.

  --file <path>          file to write (default .env)
  --force                replace an existing file (its secrets are lost)
  --production           NODE_ENV=production
  --port <n>             PORT (default 3000)
  --database-url <url>   DATABASE_URL (default: the embedded database)
  --data-dir <dir>       KASSA_DATA_DIR (default ./data)
  --redis-url <url>      REDIS_URL (default none)
  --cors-origins <list>  KASSA_CORS_ORIGINS, comma-separated (default none)
  --backup-dir <dir>     KASSA_BACKUP_DIR (default ./backups)
  --yes                  do not ask, even on a terminal`,
  'env:check': `Usage: kassa env:check [--file <path>]

Validates the environment plus the .env file (default .env, or KASSA_ENV_FILE) as the server would
and lists every problem with its fix. Exits 1 on any problem.`,
  'db:migrate': 'Usage: kassa db:migrate\n\nApplies pending migrations.',
  'db:seed': 'Usage: kassa db:seed\n\nSeeds the demo company into an empty database.',
  'db:setup':
    'Usage: kassa db:setup\n\nApplies pending migrations, then seeds the demo company into an empty database.',
  'create-platform-admin': `Usage: kassa create-platform-admin --email <address> --name <name> [--password-stdin]

Creates a platform operator (the people who host companies; not a user of any company).
The password (at least 12 characters) is read from standard input with --password-stdin, asked
on a terminal otherwise; without a terminal and without --password-stdin a random one is made
and printed once. Exits 1 when the e-mail address is already an operator's.`,
  health: `Usage: kassa health [--url <url>]

Asks a running server for GET /health/ready (--url, default http://127.0.0.1:$PORT). When no
server answers there (and no --url was given), checks the configuration and the database directly.
Exits 1 when not ready.`,
  backup: `Usage: kassa backup [--out <file>]
       kassa backup verify <file> [--database-url <url>]

backup          writes KASSA_BACKUP_DIR/kassa-<kind>-<time>.tar (or --out) and records it for
                /health/ready. PostgreSQL: pg_dump custom format (pg_dump must be installed).
                Embedded database: a copy of the data directory, taken while no server runs.
backup verify   restores the file into a scratch database (in memory, or a temporary database on
                the PostgreSQL server of DATABASE_URL / --database-url, dropped afterwards) and
                compares each table's row count and checksum with the backup's manifest.`,
  restore: `Usage: kassa restore <file> [--force]

Restores a backup into the configured database and compares every table with the backup.
Refuses a non-empty database unless --force (which replaces its contents). The embedded
database must not be in use by a running server.`,
  audit: `Usage: kassa audit verify

Checks every company's audit log: in each stream (one per register for sales, one per company
for the rest) the entries must run 1, 2, 3… without gaps, each chained to the previous one's hash,
each hash must match its entry, and the stream head must name the last entry. Prints the first
broken link and exits 1; exits 0 when every chain is intact.`,
  keys: `Usage: kassa keys rotate

Re-wraps every company's data keys under the current master key. To change the master key:
set the new key as KASSA_MASTER_KEY and move the old one to KASSA_PREVIOUS_MASTER_KEYS, restart
the servers, run \`kassa keys rotate\`, then remove the old key. Audit rows are never rewritten;
every entry stays readable. Safe to run again after an interruption.`,
  user: `Usage: kassa user disable <email> [--company <id>] [--force]

Disables the user with this e-mail address (offboarding, a stolen device or password): they can
no longer sign in, and every session of theirs ends at once (their next request is a 401).
Recorded in the company's audit log as user.disabled. Works while the server runs (PostgreSQL);
stop the server first with the embedded database.

  --company <id>   the company, when users of several companies have the address
  --force          also disable the company's last active owner`,
};

// The database drivers, Redis and the audit module load only for the commands that use them,
// so `--help` and the env:* commands start fast.
const loadDb = () => import('@kassa/db');
const backups = () => import('./ops/backup.ts');

/** A wrong command line: printed with the usage, exit code 2. */
class UsageError extends Error {}

let overwritable = false;
/** Progress on stderr; on a terminal a transient line is replaced by the next one. */
function log(line: string, transient = false): void {
  if (!process.stderr.isTTY) {
    process.stderr.write(`kassa: ${line}\n`);
    return;
  }
  process.stderr.write(`${overwritable ? '\r\x1b[K' : ''}kassa: ${line}${transient ? '' : '\n'}`);
  overwritable = transient;
}

function parse<T extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: T) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

function loadConfig(): Env {
  loadDotEnv();
  return loadEnv();
}

const targetOf = (env: Env): OpsTarget =>
  env.DATABASE_URL
    ? { kind: 'postgres', databaseUrl: env.DATABASE_URL }
    : { kind: 'pglite', dataDir: env.KASSA_DATA_DIR };

async function envInit(args: string[]): Promise<number> {
  const { values } = parse(args, {
    file: { type: 'string', default: '.env' },
    force: { type: 'boolean', default: false },
    production: { type: 'boolean', default: false },
    port: { type: 'string' },
    'database-url': { type: 'string' },
    'data-dir': { type: 'string' },
    'redis-url': { type: 'string' },
    'cors-origins': { type: 'string' },
    'backup-dir': { type: 'string' },
    yes: { type: 'boolean', default: false },
  });
  const file = resolve(values.file);
  // Refuse before asking anything.
  if (existsSync(file) && !values.force)
    throw new OpsError(`${file} already exists; pass --force to replace it (its secrets would be lost)`);
  let answers: EnvAnswers = {
    production: values.production,
    port: values.port ?? DEFAULT_ANSWERS.port,
    databaseUrl: values['database-url'] ?? DEFAULT_ANSWERS.databaseUrl,
    dataDir: values['data-dir'] ?? DEFAULT_ANSWERS.dataDir,
    redisUrl: values['redis-url'] ?? DEFAULT_ANSWERS.redisUrl,
    corsOrigins: values['cors-origins'] ?? DEFAULT_ANSWERS.corsOrigins,
    backupDir: values['backup-dir'] ?? DEFAULT_ANSWERS.backupDir,
  };
  if (process.stdin.isTTY && process.stdout.isTTY && !values.yes)
    answers = await askAnswers(process.stdin, process.stdout, answers);
  const text = renderEnvFile(answers);
  const problems = checkEnvText(text);
  if (problems.length > 0) {
    console.error(
      `kassa: not written: the answers give an invalid configuration\n${formatProblems(problems)}`,
    );
    return 1;
  }
  writeEnvFile(file, text, values.force);
  console.log(`kassa: wrote ${file} (mode 0600) with new secrets; check it with \`kassa env:check\``);
  return 0;
}

function envCheck(args: string[]): number {
  const { values } = parse(args, { file: { type: 'string' } });
  const file = values.file ?? process.env.KASSA_ENV_FILE ?? '.env';
  if (existsSync(file)) process.loadEnvFile(file);
  else if (values.file) throw new OpsError(`${resolve(file)} does not exist`);
  const parsed = parseEnv(process.env);
  if (!parsed.ok) {
    console.error(`kassa: ${formatProblems(parsed.problems)}`);
    return 1;
  }
  const env = parsed.env;
  const set = (v: unknown) => (v ? 'set' : 'not set');
  console.log(`kassa: configuration is valid (${env.NODE_ENV})${existsSync(file) ? ` from ${resolve(file)} and the environment` : ''}
  database       ${env.DATABASE_URL ? 'PostgreSQL (DATABASE_URL)' : `embedded in ${resolve(env.KASSA_DATA_DIR)}`}
  listen         ${env.HOST}:${env.PORT}
  redis          ${set(env.REDIS_URL)}
  cors origins   ${env.KASSA_CORS_ORIGINS.join(', ') || 'none (same origin only)'}
  jwt secret     ${set(env.KASSA_JWT_SECRET)}
  master key     ${env.KASSA_MASTER_KEY ? `set (id ${env.KASSA_MASTER_KEY.id})` : 'not set'}
  metrics        ${env.METRICS_PORT !== undefined ? `port ${env.METRICS_PORT}` : env.KASSA_METRICS_TOKEN ? 'GET /metrics with token' : 'off'}
  backups        ${resolve(env.KASSA_BACKUP_DIR)}`);
  return 0;
}

async function dbCommand(command: string): Promise<number> {
  const env = loadConfig();
  const { countCompanies, openDatabase } = await loadDb();
  // Opening the database applies pending migrations.
  const database = await openDatabase(
    env.DATABASE_URL ? { databaseUrl: env.DATABASE_URL } : { dataDir: env.KASSA_DATA_DIR },
  );
  try {
    console.log('kassa: migrations are up to date');
    if (command === 'db:seed' || command === 'db:setup') {
      if ((await countCompanies(database.db)) > 0) {
        console.log(
          'kassa: the database already has companies; demo data is only seeded into an empty database',
        );
      } else {
        const { seedDemo } = await import('@kassa/db/seed');
        const { hashSecret } = await import('./modules/auth/passwords.ts');
        await seedDemo(database.db, { hashSecret, log: (m) => console.log(`kassa: ${m}`) });
      }
    }
    return 0;
  } finally {
    await database.close();
  }
}

/** The first line of standard input (a piped password). */
async function readStdinLine(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return (Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '').trim();
}

/** Asks for a password on the terminal without echoing it. */
async function askPassword(prompt: string): Promise<string> {
  const { createInterface } = await import('node:readline');
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
  const muted = rl as unknown as { _writeToOutput?: (s: string) => void };
  process.stdout.write(prompt);
  muted._writeToOutput = () => undefined;
  try {
    return await new Promise<string>((resolveAnswer) => rl.question('', resolveAnswer));
  } finally {
    rl.close();
    process.stdout.write('\n');
  }
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

async function createPlatformAdmin(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, {
    email: { type: 'string' },
    name: { type: 'string' },
    'password-stdin': { type: 'boolean', default: false },
  });
  if (positionals.length > 0) throw new UsageError(`unexpected argument ${positionals[0]}`);
  const email = values.email?.trim().toLowerCase();
  const name = values.name?.trim();
  if (!email || !EMAIL.test(email)) throw new UsageError('--email must be an e-mail address');
  if (!name) throw new UsageError('--name is required');
  let password: string;
  let generated = false;
  if (values['password-stdin']) password = await readStdinLine();
  else if (process.stdin.isTTY) password = await askPassword('Password (at least 12 characters): ');
  else {
    const { randomBytes } = await import('node:crypto');
    password = randomBytes(18).toString('base64url');
    generated = true;
  }
  if (password.length < 12) throw new OpsError('the password must have at least 12 characters');
  const env = loadConfig();
  const { hashSecret } = await import('./modules/auth/passwords.ts');
  const { newDocumentId } = await import('@kassa/domain');
  const { schema } = await loadDb();
  const passwordHash = await hashSecret(password);
  const id = newDocumentId();
  const inserted = await withDatabase(env, (db) =>
    db
      .insert(schema.platformAdmins)
      .values({ id, email, name, passwordHash })
      .onConflictDoNothing()
      .returning({ id: schema.platformAdmins.id }),
  );
  if (inserted.length === 0) throw new OpsError(`${email} is already a platform operator`);
  console.log(`kassa: platform operator ${email} created (id ${id})`);
  if (generated) console.log(`kassa: password (shown once, store it safely): ${password}`);
  return 0;
}

function printReadiness(readiness: Readiness, where: string): void {
  console.log(`kassa: ${readiness.status === 'ready' ? 'ready' : 'NOT READY'} (${where})`);
  for (const [name, check] of Object.entries(readiness.checks)) {
    const ms = `${check.durationMs.toFixed(1)} ms`;
    console.log(
      `  ${check.status.padEnd(5)} ${name.padEnd(11)} ${ms.padStart(10)}  ${check.detail ?? ''}`.trimEnd(),
    );
  }
}

async function health(args: string[]): Promise<number> {
  const { values } = parse(args, { url: { type: 'string' } });
  let env: Env | undefined;
  if (!values.url) env = loadConfig();
  const base = values.url ?? `http://127.0.0.1:${env!.PORT}`;
  let url: URL;
  try {
    url = new URL(base);
  } catch {
    throw new UsageError(`--url ${base} is not a URL`);
  }
  if (url.pathname === '/' || url.pathname === '') url.pathname = '/health/ready';
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
    if (
      res.headers.get('content-type')?.includes('application/json') &&
      (res.status === 200 || res.status === 503)
    ) {
      printReadiness((await res.json()) as Readiness, url.toString());
      return res.status === 200 ? 0 : 1;
    }
    console.error(`kassa: ${url.toString()} answered ${res.status}, not a Kassa readiness report`);
    return 1;
  } catch (err) {
    if (values.url) {
      console.error(`kassa: no server answers at ${url.toString()}: ${(err as Error).message}`);
      return 1;
    }
  }
  log(`no server answers at ${url.toString()}; checking the configuration and the database directly`);
  return healthOffline(env!);
}

async function healthOffline(env: Env): Promise<number> {
  console.log('kassa: configuration is valid');
  if (!env.DATABASE_URL && !existsSync(join(resolve(env.KASSA_DATA_DIR), 'PG_VERSION'))) {
    console.error(
      `kassa: NOT READY: there is no database in ${resolve(env.KASSA_DATA_DIR)}; run \`kassa db:setup\``,
    );
    return 1;
  }
  const { openDatabase } = await loadDb();
  const { checkReadiness } = await import('./modules/health/readiness.ts');
  const { healthRedis, pingRedis } = await import('./observability/operations.plugin.ts');
  let database;
  try {
    database = await openDatabase(
      env.DATABASE_URL
        ? { databaseUrl: env.DATABASE_URL, migrate: false, poolSize: 2 }
        : { dataDir: env.KASSA_DATA_DIR, migrate: false },
    );
  } catch (err) {
    const why =
      (err as Error).name === 'DataDirLockedError'
        ? `${resolve(env.KASSA_DATA_DIR)} is locked by another process, yet no server answered`
        : `cannot open the database: ${(err as Error).message}`;
    console.error(`kassa: NOT READY: ${why}`);
    return 1;
  }
  const redis = env.REDIS_URL ? await healthRedis(env.REDIS_URL) : undefined;
  try {
    const readiness = await checkReadiness({
      db: database.db,
      ...(redis ? { redis: { ping: pingRedis(redis) } } : {}),
      diskPath: database.kind === 'pglite' ? env.KASSA_DATA_DIR : env.KASSA_BACKUP_DIR,
      minFreeDiskMb: env.KASSA_MIN_FREE_DISK_MB,
      backupDir: env.KASSA_BACKUP_DIR,
      backupMaxAgeHours: env.KASSA_BACKUP_MAX_AGE_HOURS,
    });
    printReadiness(readiness, database.kind === 'pglite' ? resolve(env.KASSA_DATA_DIR) : 'PostgreSQL');
    return readiness.status === 'ready' ? 0 : 1;
  } finally {
    redis?.disconnect();
    await database.close();
  }
}

function printTables(result: CheckedRestore): void {
  const bad = new Set(result.mismatches.map((m) => m.table));
  for (const t of result.tables)
    console.log(
      `  ${bad.has(t.table) ? 'DIFF' : 'ok  '}  ${t.table.padEnd(32)} ${String(t.rows).padStart(8)} rows`,
    );
  for (const m of result.mismatches) {
    const want = m.expected ? `${m.expected.rows} rows, checksum ${m.expected.checksum}` : 'no such table';
    const got = m.actual ? `${m.actual.rows} rows, checksum ${m.actual.checksum}` : 'missing';
    console.log(`  DIFF  ${m.table}: the backup has ${want}; restored: ${got}`);
  }
}

async function backup(args: string[]): Promise<number> {
  if (args[0] === 'verify') {
    const { values, positionals } = parse(args.slice(1), { 'database-url': { type: 'string' } });
    if (positionals.length !== 1) throw new UsageError('kassa backup verify takes one backup file');
    const env = loadConfig();
    const { verifyBackup } = await backups();
    const result = await verifyBackup(positionals[0]!, {
      databaseUrl: values['database-url'] ?? env.DATABASE_URL,
      progress: log,
    });
    printTables(result);
    if (result.mismatches.length > 0) {
      console.error(`kassa: backup verify FAILED: ${result.mismatches.length} table(s) differ`);
      return 1;
    }
    const rows = result.tables.reduce((n, t) => n + t.rows, 0);
    console.log(
      `kassa: backup verified: ${result.tables.length} tables, ${rows} rows match (${result.manifest.kind}, taken ${result.manifest.createdAt})`,
    );
    return 0;
  }
  const { values, positionals } = parse(args, { out: { type: 'string' } });
  if (positionals.length > 0) throw new UsageError(`unexpected argument ${positionals[0]}`);
  const env = loadConfig();
  const { createBackup } = await backups();
  const result = await createBackup(targetOf(env), {
    backupDir: env.KASSA_BACKUP_DIR,
    ...(values.out ? { out: values.out } : {}),
    progress: log,
  });
  const rows = result.manifest.tables.reduce((n, t) => n + t.rows, 0);
  console.log(
    `kassa: backup written: ${result.file} (${result.manifest.tables.length} tables, ${rows} rows, ${result.manifest.payload.bytes} bytes of ${result.manifest.kind} data)`,
  );
  return 0;
}

async function restore(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, { force: { type: 'boolean', default: false } });
  if (positionals.length !== 1) throw new UsageError('kassa restore takes one backup file');
  const env = loadConfig();
  const { restoreBackup } = await backups();
  const result = await restoreBackup(targetOf(env), positionals[0]!, { force: values.force, progress: log });
  printTables(result);
  if (result.mismatches.length > 0) {
    console.error(`kassa: restore FAILED: ${result.mismatches.length} table(s) differ from the backup`);
    return 1;
  }
  console.log(
    `kassa: restored ${result.tables.length} tables from the backup taken ${result.manifest.createdAt}`,
  );
  return 0;
}

async function withDatabase<T>(env: Env, fn: (db: DatabaseHandle['db']) => Promise<T>): Promise<T> {
  const { openDatabase } = await loadDb();
  const database = await openDatabase(
    env.DATABASE_URL ? { databaseUrl: env.DATABASE_URL, poolSize: 2 } : { dataDir: env.KASSA_DATA_DIR },
  );
  try {
    return await fn(database.db);
  } finally {
    await database.close();
  }
}

async function audit(args: string[]): Promise<number> {
  const { positionals } = parse(args, {});
  if (positionals[0] !== 'verify' || positionals.length !== 1)
    throw new UsageError('use: kassa audit verify');
  const env = loadConfig();
  const { verifyAuditChains } = await import('./modules/audit/audit.service.ts');
  const result = await withDatabase(env, (db) => verifyAuditChains(db));
  const seen = `${result.companies} companies, ${result.streams} streams, ${result.entries} entries checked`;
  if (result.broken) {
    const b = result.broken;
    console.error(
      `kassa: audit verify FAILED: first broken link: company ${b.companyId}, stream ${b.stream}, entry ${b.seq}${b.entryId ? ` (id ${b.entryId})` : ''}: ${b.reason} (${seen})`,
    );
    return 1;
  }
  console.log(`kassa: audit log intact: ${seen}`);
  return 0;
}

async function keys(args: string[]): Promise<number> {
  const { positionals } = parse(args, {});
  if (positionals[0] !== 'rotate' || positionals.length !== 1) throw new UsageError('use: kassa keys rotate');
  const env = loadConfig();
  if (!env.KASSA_MASTER_KEY)
    throw new OpsError('KASSA_MASTER_KEY is not set: there is no master key to rotate to');
  const { keyRingOf } = await import('./modules/audit/master-keys.ts');
  const { KeyRingError, rotateDataKeys } = await import('./modules/audit/audit.service.ts');
  const ring = keyRingOf(env);
  try {
    const { rewrapPlatformSecrets } = await import('./modules/platform/platform.service.ts');
    const [result, platform] = await withDatabase(env, async (db) => [
      await rotateDataKeys(db, ring),
      await rewrapPlatformSecrets(db, ring),
    ]);
    console.log(
      `kassa: data keys of ${result.companies} companies now wrapped by master key ${ring.current.id}: ${result.rewrapped} re-wrapped, ${result.alreadyCurrent} already were`,
    );
    console.log(
      `kassa: platform admins' two-factor keys: ${platform.rewrapped} re-wrapped, ${platform.alreadyCurrent} already were`,
    );
    return 0;
  } catch (err) {
    if (err instanceof KeyRingError) throw new OpsError(err.message);
    throw err;
  }
}

async function user(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, {
    company: { type: 'string' },
    force: { type: 'boolean', default: false },
  });
  if (positionals[0] !== 'disable' || positionals.length !== 2)
    throw new UsageError('use: kassa user disable <email>');
  const email = positionals[1]!.trim();
  if (!EMAIL.test(email)) throw new UsageError(`${email} is not an e-mail address`);
  if (values.company !== undefined && !/^[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$/i.test(values.company))
    throw new UsageError('--company must be a company id (a UUID)');
  const env = loadConfig();
  const { disableUserByEmail } = await import('./ops/user-disable.ts');
  const { databaseRevocations, redisRevocations } = await import('./modules/auth/revocation.ts');
  const { keyRingOf } = await import('./modules/audit/master-keys.ts');
  const keys = env.KASSA_MASTER_KEY ? keyRingOf(env) : undefined;
  const result = await withDatabase(env, async (db) => {
    const revocations = env.REDIS_URL ? await redisRevocations(db, env.REDIS_URL) : databaseRevocations(db);
    try {
      return await disableUserByEmail(
        db,
        { email, companyId: values.company, force: values.force },
        { revocations, keys },
      );
    } finally {
      await revocations.close();
    }
  });
  console.log(
    `kassa: ${email.toLowerCase()} (user ${result.userId}, company ${result.companyId}) ${result.wasActive ? 'is now disabled' : 'was already disabled'}; ${result.sessionsRevoked} session(s) ended`,
  );
  return 0;
}

const COMMANDS: Record<string, (args: string[]) => Promise<number> | number> = {
  'env:init': envInit,
  'env:check': envCheck,
  'db:migrate': () => dbCommand('db:migrate'),
  'db:seed': () => dbCommand('db:seed'),
  'db:setup': () => dbCommand('db:setup'),
  'create-platform-admin': createPlatformAdmin,
  health,
  backup,
  restore,
  audit,
  keys,
  user,
};

/** Runs one command line; resolves to the process exit code. */
async function run(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    console.log(USAGE);
    return command ? 0 : 1;
  }
  const handler = COMMANDS[command];
  if (!handler) {
    console.error(`kassa: unknown command "${command}"\n\n${USAGE}`);
    return 2;
  }
  if (args.includes('--help') || args.includes('-h')) {
    console.log(HELP[command] ?? USAGE);
    return 0;
  }
  try {
    return await handler(args);
  } catch (err) {
    if (err instanceof UsageError) {
      console.error(`kassa ${command}: ${err.message}\n\n${HELP[command] ?? USAGE}`);
      return 2;
    }
    if (err instanceof ConfigError) {
      console.error(`kassa: ${err.message}`);
      return 1;
    }
    // Failures the operator acts on: their message is the whole story (no stack trace).
    const known = ['OpsError', 'BackupFileError', 'DataDirLockedError', 'KeyRingError'];
    if (err instanceof OpsError || err instanceof BackupFileError || known.includes((err as Error).name)) {
      console.error(`kassa: ${(err as Error).message}`);
      return 1;
    }
    throw err;
  }
}

run(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`kassa: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
