import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, loadDotEnv, loadEnv, parseEnv } from './config.ts';

const KEY = `k1:${Buffer.alloc(32, 7).toString('base64')}`;
const STRONG = 'Qm9yZWQgb2YgcGxhY2Vob2xkZXJzPyBHZW5lcmF0ZSBvbmUu';
const PRODUCTION = {
  NODE_ENV: 'production',
  KASSA_JWT_SECRET: STRONG,
  KASSA_MASTER_KEY: KEY,
};

const problemsOf = (source: Record<string, string>) => {
  const parsed = parseEnv(source);
  return parsed.ok ? [] : parsed.problems.map((p) => `${p.variable} ${p.message}`);
};

describe('configuration', () => {
  it('defaults to the embedded database on port 3000 with nothing set', () => {
    const env = loadEnv({});
    expect(env).toMatchObject({
      NODE_ENV: 'development',
      PORT: 3000,
      KASSA_DATA_DIR: './data',
      KASSA_SEED_DEMO: true,
      KASSA_CORS_ORIGINS: [],
      LOG_LEVEL: 'info',
    });
    expect(env.DATABASE_URL).toBeUndefined();
  });

  it('keeps the documented variables working', () => {
    const env = loadEnv({
      PORT: '8080',
      HOST: '127.0.0.1',
      DATABASE_URL: 'postgres://kassa@db:5432/kassa',
      KASSA_DATA_DIR: '/var/lib/kassa',
      KASSA_JWT_SECRET: STRONG,
      LOG_LEVEL: 'debug',
      KASSA_SEED_DEMO: 'false',
    });
    expect(env).toMatchObject({
      PORT: 8080,
      HOST: '127.0.0.1',
      DATABASE_URL: 'postgres://kassa@db:5432/kassa',
      KASSA_DATA_DIR: '/var/lib/kassa',
      KASSA_JWT_SECRET: STRONG,
      LOG_LEVEL: 'debug',
      KASSA_SEED_DEMO: false,
    });
  });

  it('lists every problem at once, each with how to fix it', () => {
    const parsed = parseEnv({
      PORT: 'eighty',
      DATABASE_URL: 'mysql://nope',
      LOG_LEVEL: 'loud',
      KASSA_SEED_DEMO: 'yes',
      REDIS_URL: 'localhost:6379',
    });
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.problems.map((p) => p.variable)).toEqual([
      'PORT',
      'DATABASE_URL',
      'LOG_LEVEL',
      'KASSA_SEED_DEMO',
      'REDIS_URL',
    ]);
    for (const p of parsed.problems) expect(p.hint.length).toBeGreaterThan(5);
    expect(() => loadEnv({ PORT: 'eighty', LOG_LEVEL: 'loud' })).toThrow(ConfigError);
    expect(() => loadEnv({ PORT: 'eighty', LOG_LEVEL: 'loud' })).toThrow(
      /Invalid configuration \(2 problems\):\n {2}- PORT must be a number\n {6}fix: /,
    );
  });

  it('treats an empty value as unset', () => {
    expect(loadEnv({ REDIS_URL: '', DATABASE_URL: '', PORT: '' })).toMatchObject({ PORT: 3000 });
    expect(loadEnv({ REDIS_URL: '' }).REDIS_URL).toBeUndefined();
  });

  it('accepts a valid production configuration', () => {
    const env = loadEnv({ ...PRODUCTION, KASSA_CORS_ORIGINS: 'https://pos.example.com' });
    expect(env.KASSA_MASTER_KEY?.id).toBe('k1');
    expect(env.KASSA_MASTER_KEY?.key).toHaveLength(32);
    expect(env.KASSA_CORS_ORIGINS).toEqual(['https://pos.example.com']);
  });

  it('refuses missing, placeholder and short secrets, CORS "*" and no master key in production', () => {
    expect(problemsOf({ NODE_ENV: 'production' })).toEqual([
      'KASSA_JWT_SECRET is required in production',
      'KASSA_MASTER_KEY is required in production',
    ]);
    expect(
      problemsOf({
        ...PRODUCTION,
        KASSA_JWT_SECRET: 'changeme-changeme-changeme-changeme',
        KASSA_CORS_ORIGINS: '*',
        KASSA_METRICS_TOKEN: 'short-but-sixteen!',
      }),
    ).toEqual([
      'KASSA_JWT_SECRET looks like a placeholder, not a generated secret',
      'KASSA_CORS_ORIGINS must not be "*" (any site) in production',
      'KASSA_METRICS_TOKEN must be at least 32 characters in production',
    ]);
    expect(problemsOf({ ...PRODUCTION, KASSA_JWT_SECRET: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' })).toEqual([
      'KASSA_JWT_SECRET looks like a placeholder, not a generated secret',
    ]);
    expect(problemsOf({ ...PRODUCTION, KASSA_JWT_SECRET: 'too-short' })).toEqual([
      'KASSA_JWT_SECRET must be at least 32 characters',
    ]);
  });

  it('allows CORS "*" and no master key outside production', () => {
    expect(loadEnv({ KASSA_CORS_ORIGINS: '*' }).KASSA_CORS_ORIGINS).toEqual(['*']);
  });

  it('checks the master key format: <id>:<base64 of 32 bytes>', () => {
    expect(problemsOf({ KASSA_MASTER_KEY: 'k1:c2hvcnQ=' })).toEqual([
      'KASSA_MASTER_KEY must hold 32 bytes of base64 after the id, got 5 bytes',
    ]);
    expect(problemsOf({ KASSA_MASTER_KEY: Buffer.alloc(32).toString('base64') })[0]).toMatch(
      /^KASSA_MASTER_KEY must be <id>:<base64 key>/,
    );
    const url = `k-2026_01:${Buffer.alloc(32, 1).toString('base64url')}`;
    expect(loadEnv({ KASSA_MASTER_KEY: url }).KASSA_MASTER_KEY?.id).toBe('k-2026_01');
  });

  it('refuses CORS entries that are not origins, and a metrics port equal to the HTTP port', () => {
    expect(problemsOf({ KASSA_CORS_ORIGINS: 'https://a.example.com/,pos.example.com' })).toEqual([
      'KASSA_CORS_ORIGINS is invalid: "https://a.example.com/" is not an origin (scheme://host[:port], no path or trailing slash)',
      'KASSA_CORS_ORIGINS is invalid: "pos.example.com" is not an origin (scheme://host[:port], no path or trailing slash)',
    ]);
    expect(problemsOf({ PORT: '9000', METRICS_PORT: '9000' })).toEqual([
      'METRICS_PORT must differ from PORT',
    ]);
  });
});

describe('.env loading', () => {
  const dirs: string[] = [];
  const saved = { ...process.env };
  afterEach(() => {
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
    Object.assign(process.env, saved);
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('loads KASSA_ENV_FILE; the environment wins over the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kassa-env-'));
    dirs.push(dir);
    const file = join(dir, 'kassa.env');
    writeFileSync(file, 'KASSA_TEST_FROM_FILE=file\nKASSA_TEST_BOTH=file\n');
    process.env.KASSA_TEST_BOTH = 'environment';
    process.env.KASSA_ENV_FILE = file;
    expect(loadDotEnv()).toBe(file);
    expect(process.env.KASSA_TEST_FROM_FILE).toBe('file');
    expect(process.env.KASSA_TEST_BOTH).toBe('environment');
  });

  it('skips a missing .env, but not a missing KASSA_ENV_FILE', () => {
    expect(loadDotEnv(join(tmpdir(), 'kassa-no-such-dir', '.env'))).toBeUndefined();
    process.env.KASSA_ENV_FILE = join(tmpdir(), 'kassa-no-such-file.env');
    expect(() => loadDotEnv()).toThrow(/does not exist/);
  });
});
