import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';

/** Placeholder words that show a secret was copied from an example instead of generated. */
const PLACEHOLDER = /change.?me|changeit|placeholder|example|secret|password|your[-_]|dummy|sample|default/i;

/** How to fix each variable, printed under its problem. */
const HINTS: Record<string, string> = {
  NODE_ENV: 'use development, production or test',
  PORT: 'use a port number from 0 to 65535, e.g. PORT=3000',
  HOST: 'use an interface address, e.g. HOST=0.0.0.0 (all) or HOST=127.0.0.1 (this machine only)',
  DATABASE_URL:
    'use postgres://user:password@host:5432/database, or leave it unset for the embedded database',
  KASSA_DATA_DIR: 'use a directory path, e.g. KASSA_DATA_DIR=./data',
  KASSA_JWT_SECRET:
    'generate one with `npx kassa env:init`, or set KASSA_JWT_SECRET=$(openssl rand -base64 48)',
  LOG_LEVEL: 'use fatal, error, warn, info, debug, trace or silent',
  KASSA_SEED_DEMO: 'use true or false',
  KASSA_CORS_ORIGINS:
    'list the exact origins allowed to call the API, comma-separated, e.g. https://pos.example.com; leave unset for same-origin only',
  KASSA_MASTER_KEY:
    'generate one with `npx kassa env:init`, or set KASSA_MASTER_KEY=k1:$(openssl rand -base64 32)',
  KASSA_PREVIOUS_MASTER_KEYS: 'list earlier master keys as <id>:<base64>, comma-separated, e.g. k1:…',
  KASSA_LOGIN_MAX_FAILURES: 'use a whole number of failed sign-ins, e.g. 5',
  KASSA_LOGIN_WINDOW_MINUTES: 'use a number of minutes, e.g. 15',
  KASSA_LOGIN_LOCK_MINUTES: 'use a number of minutes, e.g. 5',
  REDIS_URL: 'use redis://host:6379 (or rediss:// for TLS), or leave it unset',
  KASSA_METRICS_TOKEN:
    'generate one with `npx kassa env:init`, or set KASSA_METRICS_TOKEN=$(openssl rand -base64 32)',
  METRICS_PORT: 'use a port number other than PORT, or leave it unset to serve /metrics on PORT',
  METRICS_HOST: 'use an interface address, e.g. METRICS_HOST=127.0.0.1',
  KASSA_BACKUP_DIR: 'use a directory path, e.g. KASSA_BACKUP_DIR=./backups',
  KASSA_BACKUP_MAX_AGE_HOURS: 'use a number of hours, or 0 to leave the backup age out of /health/ready',
  KASSA_MIN_FREE_DISK_MB: 'use a number of megabytes, e.g. 512',
  KASSA_SHUTDOWN_TIMEOUT_MS: 'use milliseconds, e.g. 10000',
  KASSA_DB_POOL_SIZE: 'use a whole number of connections from 1 to 100, e.g. 16',
  KASSA_STATS_UPKEEP_SECONDS: 'use a number of seconds, e.g. 60, or 0 to turn the statistics upkeep off',
  SENTRY_DSN: "copy the DSN from your Sentry project's Client Keys page, or leave it unset",
};

const port = z.coerce
  .number({ error: 'must be a number' })
  .int('must be a whole number')
  .min(0, 'must be 0 to 65535')
  .max(65535, 'must be 0 to 65535');

const boolFlag = z
  .enum(['true', 'false', '1', '0'], { error: 'must be true or false' })
  .transform((v) => v === 'true' || v === '1');

/** A master key: `<id>:<base64 of exactly 32 random bytes>`; the id names the key in wrapped data keys. */
export const MasterKeySchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,31}:[A-Za-z0-9+/_-]+={0,2}$/, {
    error: 'must be <id>:<base64 key>, e.g. k1:… (id: letters, digits, - or _, up to 32 characters)',
  })
  .transform((value, ctx) => {
    const [id, encoded] = value.split(':') as [string, string];
    const key = Buffer.from(encoded, encoded.includes('-') || encoded.includes('_') ? 'base64url' : 'base64');
    if (key.length !== 32) {
      ctx.addIssue({
        code: 'custom',
        message: `must hold 32 bytes of base64 after the id, got ${key.length} bytes`,
      });
      return z.NEVER;
    }
    return { id, key };
  });

/** A parsed master key: its id and its 32 key bytes (AES-256). */
export type MasterKey = z.output<typeof MasterKeySchema>;

/** An origin as browsers send it: http(s)://host[:port], no path, no trailing slash. */
function isOrigin(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === value;
  } catch {
    return false;
  }
}

const origins = z
  .string()
  .transform((v) =>
    v
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  )
  .superRefine((list, ctx) => {
    for (const origin of list) {
      if (origin === '*') continue;
      if (!isOrigin(origin))
        ctx.addIssue({
          code: 'custom',
          message: `"${origin}" is not an origin (scheme://host[:port], no path or trailing slash)`,
        });
    }
  });

/** Environment variables Kassa reads, parsed once at start (see README and docs/operations.md). */
export const EnvSchema = z
  .object({
    NODE_ENV: z
      .enum(['development', 'production', 'test'], { error: 'must be development, production or test' })
      .default('development'),
    PORT: port.default(3000),
    HOST: z.string().min(1).default('0.0.0.0'),
    /** PostgreSQL connection string; unset means the embedded PGlite database. */
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\/\S+$/, { error: 'must be a postgres:// or postgresql:// URL' })
      .optional(),
    /** PGlite data directory. */
    KASSA_DATA_DIR: z.string().min(1).default('./data'),
    /** HMAC key for access tokens (HS256), at least 32 characters. Generated and kept in the data directory when unset in embedded mode. */
    KASSA_JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
    LOG_LEVEL: z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
        error: 'must be fatal, error, warn, info, debug, trace or silent',
      })
      .default('info'),
    /** Seed the demo company into an empty database (default on). */
    KASSA_SEED_DEMO: boolFlag.default(true),
    /** Origins allowed to call the API from another site (comma-separated); unset means same origin only. */
    KASSA_CORS_ORIGINS: origins.default([]),
    /** Master key wrapping the data keys of encrypted fields, `<id>:<base64 32 bytes>`. Required in production. */
    KASSA_MASTER_KEY: MasterKeySchema.optional(),
    /** Earlier master keys, comma-separated `<id>:<base64>`: they still unwrap data keys until `kassa keys rotate` has re-wrapped them. */
    KASSA_PREVIOUS_MASTER_KEYS: z
      .string()
      .transform((v) =>
        v
          .split(',')
          .map((k) => k.trim())
          .filter(Boolean),
      )
      .pipe(z.array(MasterKeySchema))
      .default([]),
    /** Failed sign-ins of one account within KASSA_LOGIN_WINDOW_MINUTES that lock it. */
    KASSA_LOGIN_MAX_FAILURES: z.coerce.number({ error: 'must be a number' }).int().min(1).default(5),
    KASSA_LOGIN_WINDOW_MINUTES: z.coerce.number({ error: 'must be a number' }).positive().default(15),
    /** The first lock's length; each further lock doubles it, up to 24 hours. */
    KASSA_LOGIN_LOCK_MINUTES: z.coerce.number({ error: 'must be a number' }).positive().default(5),
    /** Redis for rate limits, token revocation and fan-out across nodes; checked by /health/ready when set. */
    REDIS_URL: z
      .string()
      .regex(/^rediss?:\/\/\S+$/, { error: 'must be a redis:// or rediss:// URL' })
      .optional(),
    /** SMTP server for e-mail (password reset, invitations, receipts), `smtp(s)://user:pass@host:port`; unset: mails are printed to the log. */
    SMTP_URL: z
      .string()
      .regex(/^smtps?:\/\/\S+$/, { error: 'must be an smtp:// or smtps:// URL' })
      .optional(),
    /** The sender of Kassa's e-mail. */
    KASSA_MAIL_FROM: z.string().min(3).default('Kassa <no-reply@localhost>'),
    /** The address people open Kassa at, for links in e-mail (e.g. https://pos.example.com). */
    KASSA_PUBLIC_URL: z.url({ error: 'must be a URL' }).optional(),
    /** Bearer token that GET /metrics requires; unset (and no METRICS_PORT) means /metrics is not served. */
    KASSA_METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
    /** Report unexpected errors to Sentry (or a compatible service) at this DSN; unset: no reporting. */
    SENTRY_DSN: z.url({ error: 'must be a URL' }).optional(),
    /** Serve /metrics without a token on this separate port instead. */
    METRICS_PORT: port.optional(),
    METRICS_HOST: z.string().min(1).default('127.0.0.1'),
    /** Where `kassa backup` writes and records its last backup (read by /health/ready). */
    KASSA_BACKUP_DIR: z.string().min(1).default('./backups'),
    /** /health/ready warns when the last backup is older than this; 0 leaves the check out. */
    KASSA_BACKUP_MAX_AGE_HOURS: z.coerce.number({ error: 'must be a number' }).min(0).default(26),
    /** /health/ready fails when the data directory's file system has less free space than this. */
    KASSA_MIN_FREE_DISK_MB: z.coerce.number({ error: 'must be a number' }).min(0).default(256),
    /** How long SIGTERM waits for in-flight requests before cutting connections. */
    KASSA_SHUTDOWN_TIMEOUT_MS: z.coerce.number({ error: 'must be a number' }).int().min(0).default(10_000),
    /** PostgreSQL connections the server keeps open at most (node-postgres pool size). */
    KASSA_DB_POOL_SIZE: z.coerce.number({ error: 'must be a number' }).int().min(1).max(100).default(10),
    /**
     * How often the server analyses changed tables where autovacuum does not (the embedded
     * database always; PostgreSQL with autovacuum off); 0 turns it off. See packages/db upkeep.ts.
     */
    KASSA_STATS_UPKEEP_SECONDS: z.coerce.number({ error: 'must be a number' }).min(0).default(60),
  })
  .strip();

export type Env = z.infer<typeof EnvSchema>;

/** True for values that were typed or copied rather than generated: placeholder words or few distinct characters. */
export function weakSecret(value: string): boolean {
  return PLACEHOLDER.test(value) || new Set(value).size < 12;
}

/** One configuration problem: the variable, what is wrong, and how to fix it. */
export type ConfigProblem = { variable: string; message: string; hint: string };

/** Raised when the environment is invalid; its message lists every problem with its fix. */
export class ConfigError extends Error {
  readonly problems: ConfigProblem[];
  constructor(problems: ConfigProblem[]) {
    super(formatProblems(problems));
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

/** The problems as an operator reads them: one line per problem, its fix below. */
export function formatProblems(problems: ConfigProblem[]): string {
  const n = problems.length;
  const lines = problems.map((p) => `  - ${p.variable} ${p.message}\n      fix: ${p.hint}`);
  return `Invalid configuration (${n} problem${n === 1 ? '' : 's'}):\n${lines.join('\n')}`;
}

/**
 * Rules across variables and for production, checked on the raw values so that they are reported
 * together with the schema's problems: weak or missing secrets, CORS "*", no master key.
 */
function crossChecks(input: Record<string, string | undefined>): Omit<ConfigProblem, 'hint'>[] {
  const problems: Omit<ConfigProblem, 'hint'>[] = [];
  const problem = (variable: string, message: string) => problems.push({ variable, message });
  if (input.METRICS_PORT && input.METRICS_PORT !== '0' && input.METRICS_PORT === (input.PORT ?? '3000'))
    problem('METRICS_PORT', 'must differ from PORT');
  if (input.NODE_ENV !== 'production') return problems;
  const jwt = input.KASSA_JWT_SECRET;
  if (!jwt) problem('KASSA_JWT_SECRET', 'is required in production');
  else if (weakSecret(jwt)) problem('KASSA_JWT_SECRET', 'looks like a placeholder, not a generated secret');
  if (!input.KASSA_MASTER_KEY) problem('KASSA_MASTER_KEY', 'is required in production');
  if ((input.KASSA_CORS_ORIGINS ?? '').split(',').some((o) => o.trim() === '*'))
    problem('KASSA_CORS_ORIGINS', 'must not be "*" (any site) in production');
  const metrics = input.KASSA_METRICS_TOKEN;
  if (metrics !== undefined) {
    if (metrics.length < 32) problem('KASSA_METRICS_TOKEN', 'must be at least 32 characters in production');
    else if (weakSecret(metrics))
      problem('KASSA_METRICS_TOKEN', 'looks like a placeholder, not a generated secret');
  }
  return problems;
}

/** Parses the environment without throwing: the settings, or every problem found. */
export function parseEnv(
  source: NodeJS.ProcessEnv = process.env,
): { ok: true; env: Env } | { ok: false; problems: ConfigProblem[] } {
  // An empty value (`REDIS_URL=` in a .env file) means unset.
  const input = Object.fromEntries(
    Object.entries(source).filter((e): e is [string, string] => e[1] !== undefined && e[1] !== ''),
  );
  const result = EnvSchema.safeParse(input);
  const found: Omit<ConfigProblem, 'hint'>[] = (result.error?.issues ?? []).map((issue) => ({
    variable: String(issue.path[0] ?? 'environment'),
    message: /^(is|must|looks) /.test(issue.message) ? issue.message : `is invalid: ${issue.message}`,
  }));
  // One problem per variable is enough to act on; the schema's comes first.
  for (const extra of crossChecks(input))
    if (!found.some((p) => p.variable === extra.variable)) found.push(extra);
  if (result.success && found.length === 0) return { ok: true, env: result.data };
  return {
    ok: false,
    problems: found.map((p) => ({ ...p, hint: HINTS[p.variable] ?? 'see docs/operations.md' })),
  };
}

/**
 * Parses the environment once at start. Every problem is listed at once, each with the
 * variable's name and how to fix it.
 * @throws ConfigError listing all invalid variables.
 */
export function loadEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const parsed = parseEnv(source);
  if (!parsed.ok) throw new ConfigError(parsed.problems);
  return parsed.env;
}

/**
 * Loads a `.env` file into `process.env` when it exists: `KASSA_ENV_FILE`, else `./.env`.
 * Variables already set in the environment win over the file.
 * @returns the path loaded, or undefined when there is none.
 */
export function loadDotEnv(file = process.env.KASSA_ENV_FILE ?? '.env'): string | undefined {
  const path = resolve(file);
  if (!existsSync(path)) {
    if (process.env.KASSA_ENV_FILE) throw new Error(`KASSA_ENV_FILE ${path} does not exist`);
    return undefined;
  }
  process.loadEnvFile(path);
  return path;
}
