import { mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import {
  BackupFileError,
  hashFile,
  openBackupFile,
  verifyPayloadHash,
  writeBackupFile,
  type BackupManifest,
} from './archive.ts';
import { compareChecksums } from './checksums.ts';

const dir = mkdtempSync(join(tmpdir(), 'kassa-archive-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function sampleBackup(name: string, payloadBytes = 5000): Promise<string> {
  const payload = join(dir, `${name}.payload`);
  writeFileSync(payload, Buffer.alloc(payloadBytes, 'k'));
  const manifest: BackupManifest = {
    format: 'kassa-backup',
    version: 1,
    kind: 'postgres',
    createdAt: new Date().toISOString(),
    migrations: ['1'],
    payload: { name: 'database.pgdump', ...(await hashFile(payload)) },
    tables: [{ table: 'public.sales', rows: 2, checksum: '42' }],
  };
  const out = join(dir, `${name}.tar`);
  await writeBackupFile(out, manifest, payload);
  return out;
}

describe('backup file', () => {
  it('is a plain tar with the manifest first, readable by tar(1)', async () => {
    const file = await sampleBackup('plain');
    expect(execFileSync('tar', ['tf', file], { encoding: 'utf8' }).trim().split('\n')).toEqual([
      'kassa-backup.json',
      'database.pgdump',
    ]);
    const backup = openBackupFile(file);
    expect(backup.manifest.tables).toEqual([{ table: 'public.sales', rows: 2, checksum: '42' }]);
    await expect(verifyPayloadHash(backup)).resolves.toBeUndefined();
  });

  it('refuses a truncated file', async () => {
    const file = await sampleBackup('truncated');
    truncateSync(file, 3000);
    expect(() => openBackupFile(file)).toThrow(BackupFileError);
    expect(() => openBackupFile(file)).toThrow(/truncated/);
  });

  it('refuses a payload with a flipped byte', async () => {
    const file = await sampleBackup('flipped');
    const bytes = readFileSync(file);
    bytes[bytes.length - 2000]! ^= 0xff;
    writeFileSync(file, bytes);
    await expect(verifyPayloadHash(openBackupFile(file))).rejects.toThrow(
      /checksum \(SHA-256\) does not match/,
    );
  });

  it('refuses a damaged header and something that is not a backup', async () => {
    const file = await sampleBackup('header');
    const bytes = readFileSync(file);
    bytes[10]! ^= 0xff;
    writeFileSync(file, bytes);
    expect(() => openBackupFile(file)).toThrow(/header checksum/);
    const junk = join(dir, 'junk.tar');
    writeFileSync(junk, 'hello');
    expect(() => openBackupFile(junk)).toThrow(BackupFileError);
    expect(() => openBackupFile(join(dir, 'missing.tar'))).toThrow(/not a usable Kassa backup: ENOENT/);
  });

  it('compares checksums table by table', () => {
    const a = { table: 'public.a', rows: 1, checksum: '1' };
    const b = { table: 'public.b', rows: 2, checksum: '2' };
    expect(compareChecksums([a, b], [a, b])).toEqual([]);
    expect(compareChecksums([a, b], [a, { ...b, checksum: '3' }])).toEqual([
      { table: 'public.b', expected: b, actual: { ...b, checksum: '3' } },
    ]);
    expect(compareChecksums([a], [a, b])).toEqual([{ table: 'public.b', actual: b }]);
    expect(compareChecksums([a, b], [a])).toEqual([{ table: 'public.b', expected: b }]);
  });
});
