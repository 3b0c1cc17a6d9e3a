import { useCallback, useEffect, useRef, useState } from 'react';
import { offlineDb } from '../state/offlineDb.ts';
import { outboxStatus, type OutboxStatus } from '../state/outbox.ts';
import { syncCatalogNow, syncOutboxNow } from '../api/offlineSync.ts';

/** How often the terminal refreshes its catalog while the server answers. */
const CATALOG_EVERY_MS = 5 * 60_000;
/** How often the indicator re-reads the outbox (cheap: two counts in IndexedDB). */
const STATUS_EVERY_MS = 1000;

export type OfflineSyncState = OutboxStatus & {
  /** False when the browser says it is offline or the last send found no server. */
  online: boolean;
  /** Sends the outbox now (after a sale, or the cashier's tap); `expedite` ends any backoff first. */
  syncNow: (expedite?: boolean) => void;
};

/**
 * The terminal's background sync: pushes the outbox on start, when the browser comes back
 * online, after each sale and when a backoff runs out; refreshes the catalog every 5 minutes.
 * Only one tab of the device sends at a time (the outbox lock); the others just show the status.
 */
export function useOfflineSync(): OfflineSyncState {
  const [status, setStatus] = useState<OutboxStatus>({ pending: 0, oldestCreatedAt: null, attention: 0 });
  const [reachable, setReachable] = useState(true);
  const [browserOnline, setBrowserOnline] = useState(() => navigator.onLine);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const running = useRef(false);
  const again = useRef(false);

  const syncNow = useCallback((expedite = false) => {
    if (running.current) {
      again.current = true;
      return;
    }
    running.current = true;
    again.current = false;
    if (timer.current) clearTimeout(timer.current);
    syncOutboxNow(expedite)
      .then((report) => {
        if (!report) return;
        // Stopped at an entry in backoff: the server did not answer it.
        setReachable(report.nextAttemptAt === null || report.acknowledged.length > 0);
        if (report.nextAttemptAt !== null) {
          const wait = Math.max(250, report.nextAttemptAt - Date.now());
          timer.current = setTimeout(() => syncNow(), wait);
        }
      })
      .catch(() => setReachable(false))
      .finally(() => {
        running.current = false;
        if (again.current) syncNow();
      });
  }, []);

  useEffect(() => {
    const refreshCatalog = () => {
      syncCatalogNow().then(
        () => setReachable(true),
        () => setReachable(false),
      );
    };
    const online = () => {
      setBrowserOnline(true);
      syncNow(true);
      refreshCatalog();
    };
    const offline = () => setBrowserOnline(false);
    window.addEventListener('online', online);
    window.addEventListener('offline', offline);
    syncNow();
    refreshCatalog();
    const catalogTimer = setInterval(refreshCatalog, CATALOG_EVERY_MS);
    // Another tab may have sent or queued documents; a stuck backoff gets a nudge too.
    const statusTimer = setInterval(() => {
      outboxStatus(offlineDb()).then(setStatus, () => undefined);
    }, STATUS_EVERY_MS);
    return () => {
      window.removeEventListener('online', online);
      window.removeEventListener('offline', offline);
      clearInterval(catalogTimer);
      clearInterval(statusTimer);
      if (timer.current) clearTimeout(timer.current);
    };
  }, [syncNow]);

  return { ...status, online: browserOnline && reachable, syncNow };
}
