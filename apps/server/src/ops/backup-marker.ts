import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** What `kassa backup` records about the last backup it made, in KASSA_BACKUP_DIR/last-backup.json. */
export type BackupMarker = {
  /** Absolute path of the backup file. */
  file: string;
  /** When the backup's snapshot was taken (ISO 8601, UTC). */
  createdAt: string;
  kind: 'pglite' | 'postgres';
  bytes: number;
  sha256: string;
};

export const MARKER_FILE = 'last-backup.json';

/** Records a finished backup (written atomically: a half-written marker is never read). */
export function writeBackupMarker(backupDir: string, marker: BackupMarker): void {
  const dir = resolve(backupDir);
  mkdirSync(dir, { recursive: true });
  const tmp = join(dir, `.${MARKER_FILE}.${process.pid}`);
  writeFileSync(tmp, `${JSON.stringify(marker, null, 2)}\n`);
  renameSync(tmp, join(dir, MARKER_FILE));
}

/** The last recorded backup, or undefined when there is none (or the marker is unreadable). */
export function readBackupMarker(backupDir: string): BackupMarker | undefined {
  try {
    const marker = JSON.parse(readFileSync(join(resolve(backupDir), MARKER_FILE), 'utf8')) as BackupMarker;
    return typeof marker.createdAt === 'string' && !Number.isNaN(Date.parse(marker.createdAt))
      ? marker
      : undefined;
  } catch {
    return undefined;
  }
}
