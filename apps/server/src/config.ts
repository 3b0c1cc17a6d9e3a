import { z } from 'zod';

/** Environment variables Kassa reads, parsed once at start. */
export const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  /** PostgreSQL connection string; unset means the embedded PGlite database. */
  DATABASE_URL: z.string().url().optional(),
  /** PGlite data directory. */
  KASSA_DATA_DIR: z.string().default('./data'),
  /** HMAC key for access tokens (HS256), at least 32 characters. Generated and kept in the data directory when unset in embedded mode. */
  KASSA_JWT_SECRET: z.string().min(32).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Seed the demo company into an empty database (default on). */
  KASSA_SEED_DEMO: z
    .enum(['true', 'false', '1', '0'])
    .default('true')
    .transform((v) => v === 'true' || v === '1'),
});

export type Env = z.infer<typeof EnvSchema>;

/**
 * Parses the environment. Every problem is listed at once, each with the variable's name.
 * @throws Error listing all invalid variables.
 */
export function loadEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const result = EnvSchema.safeParse(source);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  if (result.data.NODE_ENV === 'production' && !result.data.KASSA_JWT_SECRET) {
    throw new Error(
      'Invalid configuration:\n  KASSA_JWT_SECRET: required in production (at least 32 characters)',
    );
  }
  return result.data;
}
