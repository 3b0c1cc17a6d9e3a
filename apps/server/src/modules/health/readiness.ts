/**
 * Readiness: can this node serve traffic? Each check reports its own status and timing.
 * `fail` makes the node not ready (503); `warn` is shown but keeps it in the load balancer,
 * because an old backup is a reason to page someone, not to stop selling.
 */
import { existsSync, readFileSync } from 'node:fs';
import { statfs } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { sql } from 'drizzle-orm';
import { MIGRATIONS_FOLDER, type KassaDb } from '@kassa/db';
import { readBackupMarker } from '../../ops/backup-marker.ts';

export type CheckStatus = 'ok' | 'warn' | 'fail';
/** One check's outcome: status, how long it took (milliseconds) and what it found. */
export type CheckResult = { status: CheckStatus; durationMs: number; detail?: string };
export type Readiness = { status: 'ready' | 'not_ready'; checks: Record<string, CheckResult> };

/** Something that answers PING (an ioredis client). */
export type Pingable = { ping(): Promise<string> };

export type ReadinessOptions = {
  db: KassaDb;
  /** Checked when set (REDIS_URL). */
  redis?: Pingable;
  /** Directory whose file system must keep `minFreeDiskMb` free (the PGlite data directory). */
  diskPath?: string;
  minFreeDiskMb?: number;
  /** Where `kassa backup` records its last backup; checked against `backupMaxAgeHours` (0: not checked). */
  backupDir?: string;
  backupMaxAgeHours?: number;
  /** Bound on every check (default 2000 ms): a hung dependency fails its check instead of hanging it. */
  timeoutMs?: number;
};

type Outcome = { status: CheckStatus; detail?: string };

/** The migrations this build ships, by the journal's `when` (what drizzle stores as created_at). */
function journal(): { when: number; tag: string }[] {
  const file = join(MIGRATIONS_FOLDER, 'meta', '_journal.json');
  return (JSON.parse(readFileSync(file, 'utf8')) as { entries: { when: number; tag: string }[] }).entries;
}

async function databaseCheck(db: KassaDb): Promise<Outcome> {
  await db.execute(sql`select 1`);
  return { status: 'ok' };
}

/**
 * Compares the applied migrations with this build's journal. The request role (kassa_app) may not
 * read the drizzle schema, so the read runs as the connection's owner user for this transaction only.
 */
async function migrationsCheck(db: KassaDb): Promise<Outcome> {
  const shipped = journal();
  let applied: Set<string>;
  try {
    applied = await db.transaction(async (tx) => {
      await tx.execute(sql`set local role none`);
      const result = (await tx.execute(sql`select created_at from drizzle.__drizzle_migrations`)) as {
        rows: { created_at: string | number | bigint }[];
      };
      return new Set(result.rows.map((r) => String(r.created_at)));
    });
  } catch (err) {
    const code =
      (err as { code?: string; cause?: { code?: string } }).cause?.code ?? (err as { code?: string }).code;
    if (code === '42P01' || code === '3F000')
      return { status: 'fail', detail: 'no migrations applied: run `kassa db:migrate`' };
    throw err;
  }
  const pending = shipped.filter((m) => !applied.has(String(m.when)));
  const unknown = applied.size - (shipped.length - pending.length);
  if (pending.length > 0)
    return {
      status: 'fail',
      detail: `${pending.length} pending (${pending.map((m) => m.tag).join(', ')}): run \`kassa db:migrate\``,
    };
  if (unknown > 0)
    return {
      status: 'warn',
      detail: `${shipped.length} applied; the database has ${unknown} newer migration(s) this build does not know`,
    };
  return { status: 'ok', detail: `${shipped.length} of ${shipped.length} applied` };
}

async function redisCheck(redis: Pingable): Promise<Outcome> {
  const answer = await redis.ping();
  return answer === 'PONG' ? { status: 'ok' } : { status: 'fail', detail: `unexpected answer ${answer}` };
}

function nearestExisting(path: string): string {
  let p = resolve(path);
  while (!existsSync(p) && dirname(p) !== p) p = dirname(p);
  return p;
}

const MB = 1024 * 1024;

async function diskCheck(path: string, minFreeMb: number): Promise<Outcome> {
  const where = nearestExisting(path);
  const stats = await statfs(where);
  const freeMb = Math.floor((Number(stats.bavail) * Number(stats.bsize)) / MB);
  const detail = `${freeMb} MB free in ${where} (minimum ${minFreeMb} MB)`;
  return { status: freeMb < minFreeMb ? 'fail' : 'ok', detail };
}

function backupCheck(dir: string, maxAgeHours: number): Outcome {
  const marker = readBackupMarker(dir);
  if (!marker)
    return { status: 'warn', detail: `no backup recorded in ${resolve(dir)}: run \`kassa backup\`` };
  const hours = (Date.now() - Date.parse(marker.createdAt)) / 3_600_000;
  const age = hours < 1 ? `${Math.round(hours * 60)} min` : `${hours.toFixed(1)} h`;
  return hours > maxAgeHours
    ? { status: 'warn', detail: `last backup ${age} ago, older than ${maxAgeHours} h (${marker.file})` }
    : { status: 'ok', detail: `last backup ${age} ago (${marker.file})` };
}

async function timed(run: () => Promise<Outcome> | Outcome, timeoutMs: number): Promise<CheckResult> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    const outcome = await Promise.race([
      Promise.resolve().then(run),
      new Promise<Outcome>((resolveTimeout) => {
        timer = setTimeout(
          () => resolveTimeout({ status: 'fail', detail: `no answer within ${timeoutMs} ms` }),
          timeoutMs,
        );
      }),
    ]);
    return { ...outcome, durationMs: Math.round((performance.now() - started) * 10) / 10 };
  } catch (err) {
    // Drizzle wraps driver errors ("Failed query: ..."); the cause says what went wrong.
    const cause = (err as { cause?: unknown }).cause;
    const detail = cause instanceof Error ? cause.message : err instanceof Error ? err.message : String(err);
    return { status: 'fail', detail, durationMs: Math.round((performance.now() - started) * 10) / 10 };
  } finally {
    clearTimeout(timer);
  }
}

/** Runs every configured check at once, each bounded by the timeout. Never throws. */
export async function checkReadiness(options: ReadinessOptions): Promise<Readiness> {
  const timeoutMs = options.timeoutMs ?? 2000;
  const checks: [string, () => Promise<Outcome> | Outcome][] = [
    ['database', () => databaseCheck(options.db)],
    ['migrations', () => migrationsCheck(options.db)],
  ];
  if (options.redis) {
    const redis = options.redis;
    checks.push(['redis', () => redisCheck(redis)]);
  }
  if (options.diskPath) {
    const path = options.diskPath;
    checks.push(['disk', () => diskCheck(path, options.minFreeDiskMb ?? 256)]);
  }
  if (options.backupDir && (options.backupMaxAgeHours ?? 0) > 0) {
    const dir = options.backupDir;
    checks.push(['backup', () => backupCheck(dir, options.backupMaxAgeHours!)]);
  }
  const results = await Promise.all(checks.map(([, run]) => timed(run, timeoutMs)));
  const entries = checks.map(([name], i) => [name, results[i]!] as const);
  const ready = entries.every(([, r]) => r.status !== 'fail');
  return { status: ready ? 'ready' : 'not_ready', checks: Object.fromEntries(entries) };
}
