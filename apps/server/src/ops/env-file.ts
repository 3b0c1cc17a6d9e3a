/**
 * `kassa env:init`: a .env file with freshly generated secrets, from answers on a terminal or
 * from flags. The file is written 0600 and never overwritten without --force.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { parseEnv, weakSecret, type ConfigProblem } from '../config.ts';
import { OpsError } from './errors.ts';

/** What an operator decides; secrets are generated. */
export type EnvAnswers = {
  production: boolean;
  port: string;
  databaseUrl: string;
  dataDir: string;
  redisUrl: string;
  corsOrigins: string;
  backupDir: string;
};

export const DEFAULT_ANSWERS: EnvAnswers = {
  production: false,
  port: '3000',
  databaseUrl: '',
  dataDir: './data',
  redisUrl: '',
  corsOrigins: '',
  backupDir: './backups',
};

/** A random secret that does not trip the placeholder check (which a random string does, rarely). */
function generated(bytes: number): string {
  for (;;) {
    const value = randomBytes(bytes).toString('base64url');
    if (!weakSecret(value)) return value;
  }
}

/** A new master key in KASSA_MASTER_KEY's format: `<id>:<base64 of 32 random bytes>`, the id dated. */
export function newMasterKey(now = new Date()): string {
  const id = `k${now.toISOString().slice(0, 10).replaceAll('-', '')}`;
  return `${id}:${randomBytes(32).toString('base64')}`;
}

/** The .env text for the answers, with new secrets. */
export function renderEnvFile(answers: EnvAnswers, now = new Date()): string {
  const line = (key: string, value: string, comment?: string) =>
    `${comment ? `# ${comment}\n` : ''}${value === '' ? '# ' : ''}${key}=${value}`;
  return [
    `# Kassa configuration, written by \`kassa env:init\` on ${now.toISOString()}.`,
    '# Keep this file private (mode 0600). Check it with `kassa env:check`.',
    '',
    line('NODE_ENV', answers.production ? 'production' : 'development'),
    line('PORT', answers.port),
    line(
      'DATABASE_URL',
      answers.databaseUrl,
      'PostgreSQL; commented out = embedded database in KASSA_DATA_DIR',
    ),
    line('KASSA_DATA_DIR', answers.dataDir),
    line('REDIS_URL', answers.redisUrl, 'optional: rate limits, token revocation, fan-out across nodes'),
    line('KASSA_CORS_ORIGINS', answers.corsOrigins, 'origins of other sites allowed to call the API'),
    line('KASSA_BACKUP_DIR', answers.backupDir),
    '',
    '# Generated secrets: never commit them.',
    line('KASSA_JWT_SECRET', generated(48)),
    line('KASSA_MASTER_KEY', newMasterKey(now), 'master key <id>:<base64 32 bytes>; keep a copy offline'),
    line('KASSA_METRICS_TOKEN', generated(32), 'bearer token for GET /metrics'),
    '',
  ].join('\n');
}

/** Asks each question on the terminal, the default in brackets (Enter keeps it). */
export async function askAnswers(
  input: NodeJS.ReadableStream,
  output: NodeJS.WritableStream,
  defaults: EnvAnswers,
): Promise<EnvAnswers> {
  const rl = createInterface({ input, output, terminal: false });
  const ask = async (question: string, fallback: string) => {
    const answer = (await rl.question(`${question}${fallback ? ` [${fallback}]` : ''}: `)).trim();
    return answer === '' ? fallback : answer === '-' ? '' : answer;
  };
  try {
    const mode = await ask(
      'Environment (development or production)',
      defaults.production ? 'production' : 'development',
    );
    const production = mode.toLowerCase().startsWith('prod');
    const databaseUrl = await ask(
      'PostgreSQL URL (empty: embedded database; - clears)',
      defaults.databaseUrl,
    );
    return {
      production,
      port: await ask('HTTP port', defaults.port),
      databaseUrl,
      dataDir: databaseUrl ? defaults.dataDir : await ask('Embedded database directory', defaults.dataDir),
      redisUrl: await ask('Redis URL (empty: none)', defaults.redisUrl),
      corsOrigins: await ask(
        'Other origins allowed to call the API, comma-separated (empty: none)',
        defaults.corsOrigins,
      ),
      backupDir: await ask('Backup directory', defaults.backupDir),
    };
  } finally {
    rl.close();
  }
}

/** Parses a rendered file's values the way the server would, to prove it starts. */
export function checkEnvText(text: string): ConfigProblem[] {
  const values: Record<string, string> = {};
  for (const raw of text.split('\n')) {
    const m = /^([A-Z0-9_]+)=(.*)$/.exec(raw.trim());
    if (m) values[m[1]!] = m[2]!;
  }
  const parsed = parseEnv(values);
  return parsed.ok ? [] : parsed.problems;
}

/**
 * Writes the .env file with mode 0600.
 * @throws OpsError when the file exists and `force` is not set.
 */
export function writeEnvFile(file: string, text: string, force: boolean): string {
  const path = resolve(file);
  if (existsSync(path) && !force)
    throw new OpsError(`${path} already exists; pass --force to replace it (its secrets would be lost)`);
  writeFileSync(path, text, { mode: 0o600 });
  chmodSync(path, 0o600);
  return path;
}
