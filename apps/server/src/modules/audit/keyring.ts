import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** A master key: its id (stored beside every data key it wraps) and its 32 key bytes. */
export type MasterKey = { id: string; key: Buffer };

const IV_BYTES = 12; // NIST SP 800-38D: 96-bit IVs for GCM
const TAG_BYTES = 16;

/** Raised when a data key names a master key that is not configured, or a ciphertext fails authentication. */
export class KeyRingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KeyRingError';
  }
}

/**
 * AES-256-GCM over `plaintext`, bound to `aad` (additional authenticated data, e.g. the company
 * id, so a ciphertext copied to another company does not decrypt). Output: base64 of
 * iv (12 bytes) | tag (16 bytes) | ciphertext.
 */
export function seal(key: Buffer, plaintext: Buffer, aad: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
}

/** Reverses `seal`. @throws KeyRingError when the key, the aad or the bytes do not match. */
export function open(key: Buffer, sealed: string, aad: string): Buffer {
  const raw = Buffer.from(sealed, 'base64');
  if (raw.length < IV_BYTES + TAG_BYTES) throw new KeyRingError('ciphertext is too short');
  const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV_BYTES));
  decipher.setAAD(Buffer.from(aad, 'utf8'));
  decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  try {
    return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
  } catch {
    throw new KeyRingError('ciphertext failed authentication (wrong key or altered data)');
  }
}

/**
 * The master keys of envelope encryption: `current` wraps new data keys; `previous` keys (after a
 * rotation, until `kassa keys rotate` has re-wrapped every data key) still unwrap old ones.
 * Master keys never touch a row's data: they only wrap the per-company data keys.
 */
export class KeyRing {
  readonly current: MasterKey;
  private readonly byId: Map<string, MasterKey>;

  constructor(current: MasterKey, previous: readonly MasterKey[] = []) {
    for (const k of [current, ...previous])
      if (k.key.length !== 32) throw new KeyRingError(`master key ${k.id} must be 32 bytes`);
    this.current = current;
    this.byId = new Map([...previous, current].map((k) => [k.id, k]));
  }

  /** True when a master key of this id is configured. */
  has(masterKeyId: string): boolean {
    return this.byId.has(masterKeyId);
  }

  /** Makes a new random 256-bit data key and wraps it under the current master key. */
  newDataKey(companyId: string, dataKeyId: string): { key: Buffer; masterKeyId: string; wrappedKey: string } {
    const key = randomBytes(32);
    return { key, ...this.wrap(companyId, dataKeyId, key) };
  }

  /** Wraps a data key under the current master key; the aad binds it to its company and id. */
  wrap(companyId: string, dataKeyId: string, key: Buffer): { masterKeyId: string; wrappedKey: string } {
    return {
      masterKeyId: this.current.id,
      wrappedKey: seal(this.current.key, key, `${companyId}/${dataKeyId}`),
    };
  }

  /** Unwraps a data key. @throws KeyRingError when its master key is not configured or the bytes were altered. */
  unwrap(companyId: string, dataKeyId: string, masterKeyId: string, wrappedKey: string): Buffer {
    const master = this.byId.get(masterKeyId);
    if (!master)
      throw new KeyRingError(
        `data key ${dataKeyId} is wrapped by master key "${masterKeyId}", which is not configured (set it in KASSA_PREVIOUS_MASTER_KEYS)`,
      );
    return open(master.key, wrappedKey, `${companyId}/${dataKeyId}`);
  }
}
