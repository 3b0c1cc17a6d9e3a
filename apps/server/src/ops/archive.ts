/**
 * The backup file: a plain POSIX tar (inspect it with `tar tvf`) holding two entries, the
 * manifest `kassa-backup.json` first and the payload second (a PGlite data-directory tarball or
 * a pg_dump custom-format file). The manifest carries the payload's SHA-256 and the row counts
 * and checksums of every table, so a restore can prove it got back what was saved.
 */
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { closeSync, createReadStream, createWriteStream, fstatSync, openSync, readSync } from 'node:fs';
import type { TableChecksum } from './checksums.ts';

export const MANIFEST_NAME = 'kassa-backup.json';
const BLOCK = 512;

/** What a backup says about itself. */
export type BackupManifest = {
  format: 'kassa-backup';
  version: 1;
  kind: 'pglite' | 'postgres';
  /** When the snapshot was taken (ISO 8601, UTC). */
  createdAt: string;
  /** The migrations applied in the saved database (drizzle created_at values). */
  migrations: string[];
  payload: { name: string; bytes: number; sha256: string };
  tables: TableChecksum[];
};

/** Raised for a file that is not a readable Kassa backup: truncated, altered or something else entirely. */
export class BackupFileError extends Error {
  constructor(file: string, problem: string) {
    super(`${file} is not a usable Kassa backup: ${problem}`);
    this.name = 'BackupFileError';
  }
}

function writeOctal(block: Buffer, offset: number, length: number, value: number): void {
  block.write(value.toString(8).padStart(length - 1, '0') + '\0', offset, length, 'ascii');
}

/** A ustar header; sizes of 8 GiB or more use the GNU base-256 size encoding. */
function header(name: string, size: number): Buffer {
  const block = Buffer.alloc(BLOCK);
  block.write(name, 0, 100, 'utf8');
  writeOctal(block, 100, 8, 0o644);
  writeOctal(block, 108, 8, 0);
  writeOctal(block, 116, 8, 0);
  if (size < 8 ** 11) writeOctal(block, 124, 12, size);
  else {
    block[124] = 0x80;
    block.writeBigUInt64BE(BigInt(size), 128);
  }
  writeOctal(block, 136, 12, Math.floor(Date.now() / 1000));
  block.fill(' ', 148, 156);
  block.write('0', 156, 1, 'ascii');
  block.write('ustar\0', 257, 6, 'ascii');
  block.write('00', 263, 2, 'ascii');
  let sum = 0;
  for (const byte of block) sum += byte;
  block.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 8, 'ascii');
  return block;
}

type Entry = { name: string; size: number; offset: number };

function parseHeader(block: Buffer, file: string): Omit<Entry, 'offset'> {
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : block[i]!;
  const stored = parseInt(block.toString('ascii', 148, 156).replace(/\0.*$/, '').trim(), 8);
  if (stored !== sum) throw new BackupFileError(file, 'a tar header checksum does not match (damaged file)');
  const name = block.toString('utf8', 0, 100).replace(/\0.*$/s, '');
  const size =
    block[124]! & 0x80
      ? Number(block.readBigUInt64BE(128))
      : parseInt(block.toString('ascii', 124, 136).replace(/\0.*$/, '').trim(), 8);
  return { name, size };
}

const padding = (size: number) => (BLOCK - (size % BLOCK)) % BLOCK;

/**
 * Writes the backup file: the manifest, then the payload streamed from `payloadFile`.
 * The caller writes to a temporary name and renames it when this resolves.
 */
export async function writeBackupFile(
  out: string,
  manifest: BackupManifest,
  payloadFile: string,
): Promise<void> {
  const json = Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`);
  const stream = createWriteStream(out, { mode: 0o600 });
  const write = async (chunk: Buffer) => {
    if (!stream.write(chunk)) await once(stream, 'drain');
  };
  await write(header(MANIFEST_NAME, json.length));
  await write(json);
  await write(Buffer.alloc(padding(json.length)));
  await write(header(manifest.payload.name, manifest.payload.bytes));
  for await (const chunk of createReadStream(payloadFile)) await write(chunk as Buffer);
  await write(Buffer.alloc(padding(manifest.payload.bytes) + 2 * BLOCK));
  stream.end();
  await once(stream, 'finish');
}

/** An opened backup: its manifest and where the payload lies in the file. */
export type BackupFile = { file: string; manifest: BackupManifest; payload: Entry };

/**
 * Reads the manifest and locates the payload, checking the tar headers and the file's length.
 * @throws BackupFileError for anything that is not a complete Kassa backup.
 */
export function openBackupFile(file: string): BackupFile {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (err) {
    throw new BackupFileError(file, (err as Error).message);
  }
  try {
    const fileSize = fstatSync(fd).size;
    const read = (offset: number, length: number) => {
      const buf = Buffer.alloc(length);
      const n = readSync(fd, buf, 0, length, offset);
      if (n < length) throw new BackupFileError(file, 'the file ends early (truncated)');
      return buf;
    };
    const first = parseHeader(read(0, BLOCK), file);
    if (first.name !== MANIFEST_NAME) throw new BackupFileError(file, `no ${MANIFEST_NAME} at its start`);
    let manifest: BackupManifest;
    try {
      manifest = JSON.parse(read(BLOCK, first.size).toString('utf8')) as BackupManifest;
    } catch (err) {
      if (err instanceof BackupFileError) throw err;
      throw new BackupFileError(file, 'its manifest is not valid JSON (damaged file)');
    }
    if (manifest.format !== 'kassa-backup' || manifest.version !== 1)
      throw new BackupFileError(
        file,
        `unknown format ${String(manifest.format)} v${String(manifest.version)}`,
      );
    const at = BLOCK + first.size + padding(first.size);
    const second = parseHeader(read(at, BLOCK), file);
    if (second.name !== manifest.payload.name || second.size !== manifest.payload.bytes)
      throw new BackupFileError(file, 'the payload does not match its manifest');
    const payload = { ...second, offset: at + BLOCK };
    if (payload.offset + payload.size > fileSize)
      throw new BackupFileError(file, 'the file ends early (truncated)');
    return { file, manifest, payload };
  } finally {
    closeSync(fd);
  }
}

/** A stream of the payload bytes. */
export function payloadStream(backup: BackupFile): NodeJS.ReadableStream {
  if (backup.payload.size === 0) return createReadStream(backup.file, { start: 1, end: 0 });
  return createReadStream(backup.file, {
    start: backup.payload.offset,
    end: backup.payload.offset + backup.payload.size - 1,
  });
}

/**
 * Checks the payload against the SHA-256 in the manifest, reporting progress in bytes.
 * @throws BackupFileError when the payload was altered or damaged.
 */
export async function verifyPayloadHash(
  backup: BackupFile,
  progress?: (done: number, total: number) => void,
): Promise<void> {
  const hash = createHash('sha256');
  let done = 0;
  for await (const chunk of payloadStream(backup)) {
    hash.update(chunk as Buffer);
    done += (chunk as Buffer).length;
    progress?.(done, backup.payload.size);
  }
  if (hash.digest('hex') !== backup.manifest.payload.sha256)
    throw new BackupFileError(backup.file, 'the payload checksum (SHA-256) does not match (damaged file)');
}

/** SHA-256 (hex) and size of a file. */
export async function hashFile(file: string): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of createReadStream(file)) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return { sha256: hash.digest('hex'), bytes };
}
