import { hash, verify } from '@node-rs/argon2';

/** `Algorithm.Argon2id` of @node-rs/argon2 (an ambient const enum, which isolated modules cannot read). */
const ARGON2ID = 2;

/**
 * argon2id with the OWASP Password Storage Cheat Sheet's first configuration
 * (m = 19 MiB, t = 2, p = 1). Used for passwords and PINs alike.
 */
const OPTIONS = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/** Hashes a password or PIN to a PHC string. */
export function hashSecret(secret: string): Promise<string> {
  return hash(secret, OPTIONS);
}

/** True when `secret` matches the PHC `hashed` string; false for a malformed hash. */
export async function verifySecret(hashed: string, secret: string): Promise<boolean> {
  try {
    return await verify(hashed, secret);
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | undefined;

/** Spends the time of one verification, so an unknown e-mail answers as slowly as a wrong password. */
export async function verifyNothing(secret: string): Promise<void> {
  dummyHash ??= hashSecret('kassa-dummy-password');
  await verifySecret(await dummyHash, secret);
}
