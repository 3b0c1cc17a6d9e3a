/**
 * Backup, restore and verification of Kassa's database.
 *
 * - PGlite: a consistent copy of the data directory (PGlite's own dump, taken while this process
 *   holds the directory's lock, so no server writes meanwhile).
 * - PostgreSQL: `pg_dump --format=custom`, taken in the same snapshot as the table checksums.
 *
 * Every backup file carries a manifest with per-table row counts and checksums (see archive.ts);
 * restore and verify recompute them on the restored database and compare table by table.
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import lockfile from 'proper-lockfile';
import pg from 'pg';
import { APP_ROLE, DataDirLockedError, openDatabase } from '@kassa/db';
import {
  BackupFileError,
  hashFile,
  openBackupFile,
  payloadStream,
  verifyPayloadHash,
  writeBackupFile,
  type BackupFile,
  type BackupManifest,
} from './archive.ts';
import { writeBackupMarker } from './backup-marker.ts';
import { OpsError } from './errors.ts';
import {
  compareChecksums,
  tableChecksums,
  type ChecksumMismatch,
  type SqlRunner,
  type TableChecksum,
} from './checksums.ts';

/** The database a command works on: the embedded data directory or a PostgreSQL database. */
export type OpsTarget = { kind: 'pglite'; dataDir: string } | { kind: 'postgres'; databaseUrl: string };

/** Receives one line per step of a long job; `transient` lines may be overwritten by the next. */
export type Progress = (line: string, transient?: boolean) => void;

const quiet: Progress = () => undefined;

function tableProgress(progress: Progress, what: string) {
  return (done: number, total: number, table: string) =>
    progress(`${what} ${done}/${total} ${table}`, done < total);
}

function hashProgress(progress: Progress) {
  let lastTenth = -1;
  return (done: number, total: number) => {
    const tenth = total === 0 ? 10 : Math.floor((done / total) * 10);
    if (tenth !== lastTenth) {
      lastTenth = tenth;
      progress(`checking the payload checksum: ${tenth * 10}%`, tenth < 10);
    }
  };
}

const timestamp = (d: Date) =>
  d
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');

function hasPgliteDatabase(dataDir: string): boolean {
  return existsSync(join(dataDir, 'PG_VERSION'));
}

/** The tool's path check: pg_dump and pg_restore must be installed for PostgreSQL backups. */
function requireTool(tool: 'pg_dump' | 'pg_restore'): void {
  const probe = spawnSync(tool, ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0)
    throw new OpsError(
      `${tool} is not available on this machine; install the PostgreSQL client tools of the server's major version (e.g. apt-get install postgresql-client)`,
    );
}

/** Runs a PostgreSQL client tool, optionally feeding it a stream, and fails with its stderr. */
async function runTool(tool: string, args: string[], input?: NodeJS.ReadableStream): Promise<void> {
  const child = spawn(tool, args, { stdio: [input ? 'pipe' : 'ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  if (input && child.stdin) {
    child.stdin.on('error', () => undefined); // the tool's exit code tells what went wrong
    input.pipe(child.stdin);
  }
  const code = await new Promise<number | null>((resolveExit, reject) => {
    child.on('error', reject);
    child.on('close', resolveExit);
  });
  if (code !== 0) throw new OpsError(`${tool} failed (exit ${code}): ${stderr.trim() || 'no message'}`);
}

async function migrationsOf(db: SqlRunner): Promise<string[]> {
  try {
    const { rows } = await db.query<{ created_at: string }>(
      'select created_at::text as created_at from drizzle.__drizzle_migrations order by id',
    );
    return rows.map((r) => r.created_at);
  } catch {
    return [];
  }
}

/** Connects as the owner user of DATABASE_URL (not the request role), for dumps and checksums. */
async function ownerClient(databaseUrl: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: databaseUrl });
  try {
    await client.connect();
  } catch (err) {
    throw new OpsError(`cannot connect to PostgreSQL: ${(err as Error).message}`);
  }
  return client;
}

export type BackupResult = { file: string; manifest: BackupManifest };

/**
 * Backs up the database into one file (default: KASSA_BACKUP_DIR/kassa-<kind>-<time>.tar) and
 * records it in the backup directory's marker for /health/ready.
 * @throws OpsError when the database is missing or in use (PGlite) or pg_dump fails.
 */
export async function createBackup(
  target: OpsTarget,
  options: { backupDir: string; out?: string; progress?: Progress },
): Promise<BackupResult> {
  const progress = options.progress ?? quiet;
  const started = new Date();
  const out = resolve(
    options.out ?? join(options.backupDir, `kassa-${target.kind}-${timestamp(started)}.tar`),
  );
  mkdirSync(dirname(out), { recursive: true });
  const work = join(dirname(out), `.${basename(out)}.${process.pid}.partial`);
  mkdirSync(work, { recursive: true });
  try {
    const payloadName = target.kind === 'pglite' ? 'pgdata.tar.gz' : 'database.pgdump';
    const payloadFile = join(work, payloadName);
    const taken =
      target.kind === 'pglite'
        ? await dumpPglite(target.dataDir, payloadFile, progress)
        : await dumpPostgres(target.databaseUrl, payloadFile, progress);
    progress('hashing the payload');
    const payload = await hashFile(payloadFile);
    const manifest: BackupManifest = {
      format: 'kassa-backup',
      version: 1,
      kind: target.kind,
      createdAt: started.toISOString(),
      migrations: taken.migrations,
      payload: { name: payloadName, ...payload },
      tables: taken.tables,
    };
    progress(`writing ${out}`);
    const partial = join(work, 'backup.tar');
    await writeBackupFile(partial, manifest, payloadFile);
    renameSync(partial, out);
    const { sha256, bytes } = await hashFile(out);
    writeBackupMarker(options.backupDir, {
      file: out,
      createdAt: manifest.createdAt,
      kind: target.kind,
      bytes,
      sha256,
    });
    return { file: out, manifest };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

type Taken = { tables: TableChecksum[]; migrations: string[] };

async function dumpPglite(dataDir: string, payloadFile: string, progress: Progress): Promise<Taken> {
  const dir = resolve(dataDir);
  if (!hasPgliteDatabase(dir)) throw new OpsError(`there is no embedded database in ${dir}`);
  progress(`opening the embedded database in ${dir}`);
  let handle;
  try {
    handle = await openDatabase({ dataDir: dir, migrate: false });
  } catch (err) {
    if (err instanceof DataDirLockedError)
      throw new OpsError(
        `${dir} is in use by a running Kassa server. An embedded database is backed up while no server ` +
          'runs: stop the server, run `kassa backup`, start it again (or use PostgreSQL for online backups).',
      );
    throw err;
  }
  try {
    const client = handle.pglite!;
    // Checksums and the checkpoint a dump needs are the owner's business, not the request role's.
    await client.exec('RESET ROLE');
    const tables = await tableChecksums(client, tableProgress(progress, 'counting rows'));
    const migrations = await migrationsOf(client);
    progress('copying the data directory');
    const dump = await client.dumpDataDir('gzip');
    writeFileSync(payloadFile, Buffer.from(await dump.arrayBuffer()), { mode: 0o600 });
    return { tables, migrations };
  } finally {
    await handle.close();
  }
}

async function dumpPostgres(databaseUrl: string, payloadFile: string, progress: Progress): Promise<Taken> {
  requireTool('pg_dump');
  const client = await ownerClient(databaseUrl);
  try {
    // One snapshot for the checksums and pg_dump: the manifest describes exactly what was dumped.
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const { rows } = await client.query<{ snapshot: string }>('select pg_export_snapshot() as snapshot');
    const tables = await tableChecksums(client, tableProgress(progress, 'counting rows'));
    const migrations = await migrationsOf(client);
    progress('running pg_dump (custom format)');
    await runTool('pg_dump', [
      '--format=custom',
      `--snapshot=${rows[0]!.snapshot}`,
      '--no-password',
      `--file=${payloadFile}`,
      `--dbname=${databaseUrl}`,
    ]);
    await client.query('COMMIT');
    return { tables, migrations };
  } catch (err) {
    const message = (err as Error).message;
    if (/row-level security/.test(message))
      throw new OpsError(
        `backup failed: ${message.split('\n')[0]}. Kassa's tables force row-level security, so the ` +
          'DATABASE_URL user must be a superuser or have BYPASSRLS (ALTER ROLE <user> BYPASSRLS) to back them up',
      );
    if (err instanceof OpsError) throw err;
    throw new OpsError(`backup failed: ${message}`);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Opens a backup and checks its payload checksum before anything is written anywhere. */
async function openChecked(file: string, progress: Progress): Promise<BackupFile> {
  progress(`reading ${resolve(file)}`);
  const backup = openBackupFile(resolve(file));
  await verifyPayloadHash(backup, hashProgress(progress));
  return backup;
}

async function pgliteFromPayload(backup: BackupFile, dataDir?: string): Promise<PGlite> {
  const chunks: Buffer[] = [];
  for await (const chunk of payloadStream(backup)) chunks.push(chunk as Buffer);
  const blob = new Blob([Buffer.concat(chunks)], { type: 'application/x-gzip' });
  try {
    return await PGlite.create({ loadDataDir: blob, ...(dataDir ? { dataDir } : {}) });
  } catch (err) {
    throw new BackupFileError(backup.file, `the data directory does not open: ${(err as Error).message}`);
  }
}

/** The outcome of a restore or a verification: the manifest, and table by table what was found. */
export type CheckedRestore = {
  manifest: BackupManifest;
  tables: TableChecksum[];
  mismatches: ChecksumMismatch[];
};

/**
 * Restores a backup into the configured database. Refuses a non-empty target unless `force`;
 * compares every table with the manifest afterwards.
 * @throws OpsError for a non-empty target, a backup of the other kind, or a database in use;
 *   BackupFileError for a damaged file.
 */
export async function restoreBackup(
  target: OpsTarget,
  file: string,
  options: { force?: boolean; progress?: Progress } = {},
): Promise<CheckedRestore> {
  const progress = options.progress ?? quiet;
  const backup = await openChecked(file, progress);
  if (backup.manifest.kind !== target.kind)
    throw new OpsError(
      backup.manifest.kind === 'postgres'
        ? 'this is a PostgreSQL backup; set DATABASE_URL to the database to restore it into'
        : 'this is an embedded-database backup; unset DATABASE_URL and set KASSA_DATA_DIR to restore it',
    );
  return target.kind === 'pglite'
    ? restorePglite(backup, target.dataDir, options.force ?? false, progress)
    : restorePostgres(backup, target.databaseUrl, options.force ?? false, progress);
}

async function restorePglite(
  backup: BackupFile,
  dataDir: string,
  force: boolean,
  progress: Progress,
): Promise<CheckedRestore> {
  const dir = resolve(dataDir);
  mkdirSync(dir, { recursive: true });
  let release: () => Promise<void>;
  try {
    // The same lock the server takes: no server may open the directory while it is replaced.
    release = await lockfile.lock(dir, { stale: 20_000, update: 5_000, retries: 0 });
  } catch (err) {
    if ((err as { code?: string }).code === 'ELOCKED')
      throw new OpsError(`${dir} is in use by a running Kassa server; stop it before restoring`);
    throw err;
  }
  const staging = `${dir}.restoring-${process.pid}`;
  try {
    const existing = readdirSync(dir);
    if (existing.length > 0 && !force)
      throw new OpsError(
        `${dir} is not empty${hasPgliteDatabase(dir) ? ' (it holds a database)' : ''}; ` +
          'pass --force to replace its contents with the backup',
      );
    rmSync(staging, { recursive: true, force: true });
    progress(`restoring the data directory into ${staging}`);
    const client = await pgliteFromPayload(backup, staging);
    let tables: TableChecksum[];
    try {
      tables = await tableChecksums(client, tableProgress(progress, 'checking rows'));
    } finally {
      await client.close();
    }
    const mismatches = compareChecksums(backup.manifest.tables, tables);
    if (mismatches.length > 0)
      throw new OpsError(
        `the restored database differs from the backup in ${mismatches.length} table(s); ${dir} was left unchanged`,
      );
    progress(`moving the restored database into ${dir}`);
    const replaced = `${dir}.replaced-${process.pid}`;
    renameSync(dir, replaced);
    renameSync(staging, dir);
    // The generated token key lives beside the database; keep it so sessions survive the restore.
    const secret = join(replaced, 'jwt-secret');
    if (existsSync(secret)) copyFileSync(secret, join(dir, 'jwt-secret'));
    rmSync(replaced, { recursive: true, force: true });
    return { manifest: backup.manifest, tables, mismatches };
  } finally {
    rmSync(staging, { recursive: true, force: true });
    await release();
  }
}

/** Makes sure the request role exists on the server (roles are per cluster; pg_dump does not carry them). */
async function ensureAppRole(client: pg.Client): Promise<void> {
  await client.query(`DO $$ BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${APP_ROLE}') THEN
      CREATE ROLE ${APP_ROLE} NOLOGIN NOSUPERUSER NOBYPASSRLS;
    END IF;
  END $$`);
  await client.query(`GRANT ${APP_ROLE} TO CURRENT_USER`).catch(() => undefined);
}

async function pgRestoreInto(backup: BackupFile, databaseUrl: string, progress: Progress): Promise<void> {
  requireTool('pg_restore');
  progress('running pg_restore');
  await runTool(
    'pg_restore',
    ['--exit-on-error', '--single-transaction', '--no-owner', '--no-password', `--dbname=${databaseUrl}`],
    payloadStream(backup),
  );
}

async function checksumsOf(databaseUrl: string, progress: Progress, what: string): Promise<TableChecksum[]> {
  const client = await ownerClient(databaseUrl);
  try {
    return await tableChecksums(client, tableProgress(progress, what));
  } finally {
    await client.end();
  }
}

async function restorePostgres(
  backup: BackupFile,
  databaseUrl: string,
  force: boolean,
  progress: Progress,
): Promise<CheckedRestore> {
  const client = await ownerClient(databaseUrl);
  try {
    const { rows } = await client.query<{ n: number }>(
      "select count(*)::int as n from pg_tables where schemaname in ('public', 'drizzle')",
    );
    const tables = rows[0]!.n;
    if (tables > 0 && !force)
      throw new OpsError(
        `the database ${client.database ?? ''} is not empty (${tables} tables); pass --force to replace its contents with the backup`,
      );
    if (tables > 0) {
      progress(`emptying the database ${client.database ?? ''}`);
      await client.query('DROP SCHEMA IF EXISTS drizzle CASCADE');
      await client.query('DROP SCHEMA IF EXISTS public CASCADE');
      await client.query('CREATE SCHEMA public');
    }
    await ensureAppRole(client);
  } finally {
    await client.end();
  }
  await pgRestoreInto(backup, databaseUrl, progress);
  const restored = await checksumsOf(databaseUrl, progress, 'checking rows');
  const mismatches = compareChecksums(backup.manifest.tables, restored);
  return { manifest: backup.manifest, tables: restored, mismatches };
}

/** The same server, another database. */
function withDatabase(databaseUrl: string, database: string): string {
  const url = new URL(databaseUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/**
 * Proves a backup restores: restores it into a scratch database (in memory for PGlite, a
 * temporary database on the PostgreSQL server for pg_dump backups, dropped afterwards) and
 * compares every table's row count and checksum with the manifest.
 * @throws BackupFileError for a damaged file; OpsError when no PostgreSQL server is given for a
 *   PostgreSQL backup.
 */
export async function verifyBackup(
  file: string,
  options: { databaseUrl?: string; progress?: Progress } = {},
): Promise<CheckedRestore> {
  const progress = options.progress ?? quiet;
  const backup = await openChecked(file, progress);
  if (backup.manifest.kind === 'pglite') {
    progress('restoring into a scratch database in memory');
    const client = await pgliteFromPayload(backup);
    try {
      const tables = await tableChecksums(client, tableProgress(progress, 'checking rows'));
      return {
        manifest: backup.manifest,
        tables,
        mismatches: compareChecksums(backup.manifest.tables, tables),
      };
    } finally {
      await client.close();
    }
  }
  if (!options.databaseUrl)
    throw new OpsError(
      'verifying a PostgreSQL backup needs a server for the scratch database: set DATABASE_URL (or pass --database-url)',
    );
  const scratch = `kassa_verify_${randomBytes(6).toString('hex')}`;
  const admin = await ownerClient(options.databaseUrl);
  try {
    progress(`creating the scratch database ${scratch}`);
    try {
      await admin.query(`CREATE DATABASE ${scratch}`);
    } catch (err) {
      throw new OpsError(`cannot create the scratch database ${scratch}: ${(err as Error).message}`);
    }
    await ensureAppRole(admin);
    const scratchUrl = withDatabase(options.databaseUrl, scratch);
    await pgRestoreInto(backup, scratchUrl, progress);
    const tables = await checksumsOf(scratchUrl, progress, 'checking rows');
    return {
      manifest: backup.manifest,
      tables,
      mismatches: compareChecksums(backup.manifest.tables, tables),
    };
  } finally {
    progress(`dropping the scratch database ${scratch}`);
    await admin.query(`DROP DATABASE IF EXISTS ${scratch} WITH (FORCE)`).catch(() => undefined);
    await admin.end();
  }
}
