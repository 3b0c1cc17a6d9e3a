import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import type { Env } from '../../config.ts';
import { KeyRing } from './keyring.ts';

/**
 * The master keys of the environment: KASSA_MASTER_KEY (required in production) plus
 * KASSA_PREVIOUS_MASTER_KEYS; without KASSA_MASTER_KEY, one kept in the embedded data directory
 * (`master-key`, created 0600), or on PostgreSQL outside production a random key for this run only.
 */
export function keyRingOf(env: Env): KeyRing {
  const previous = env.KASSA_PREVIOUS_MASTER_KEYS;
  if (env.KASSA_MASTER_KEY) return new KeyRing(env.KASSA_MASTER_KEY, previous);
  if (env.DATABASE_URL) {
    console.warn(
      'kassa: KASSA_MASTER_KEY is not set; encrypted audit fields written now become unreadable when the server restarts',
    );
    return new KeyRing({ id: `ephemeral-${randomBytes(4).toString('hex')}`, key: randomBytes(32) }, previous);
  }
  const dir = resolve(env.KASSA_DATA_DIR);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'master-key');
  if (!existsSync(file)) writeFileSync(file, `local:${randomBytes(32).toString('base64')}`, { mode: 0o600 });
  chmodSync(file, 0o600);
  const [id, encoded] = readFileSync(file, 'utf8').trim().split(':') as [string, string];
  return new KeyRing({ id, key: Buffer.from(encoded, 'base64') }, previous);
}
