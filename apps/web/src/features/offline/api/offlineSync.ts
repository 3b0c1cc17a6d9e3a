import type { CreateSaleRequest, RegisterStaffList, Sale } from '@kassa/contracts';
import { api, refreshSession } from '../../auth/api/apiClient.ts';
import { sessionStore } from '../../auth/state/sessionStore.ts';
import { ApiError } from '../../../lib/http/apiError.ts';
import { catalogVersion, syncCatalog } from '../state/catalogCache.ts';
import { offlineDb } from '../state/offlineDb.ts';
import { getDeviceCashier } from '../state/deviceCashier.ts';
import { syncRegisterStaff } from '../state/staffCache.ts';
import { loadDeviceRegister } from '../../register-setup/state/deviceRegister.ts';
import { isUnreachable, keepOfflineSession } from '../state/offlineCache.ts';
import { provisionalSale, type ProvisionalSaleInput } from '../state/offlineReceipt.ts';
import {
  completeSale,
  expediteOutbox,
  pushOutbox,
  withOutboxLock,
  type CompleteOutcome,
  type LockManagerLike,
  type SyncReport,
} from '../state/outbox.ts';

const locks = (): LockManagerLike | undefined =>
  typeof navigator !== 'undefined' && 'locks' in navigator ? navigator.locks : undefined;

const options = () => ({ now: () => Date.now(), random: Math.random, locks: locks() });

/**
 * POST /sales with a signed-in token. A session reopened offline has no token: it is renewed
 * with the refresh cookie first; without one the send counts as a failed attempt (retried later).
 */
async function sendSale(body: CreateSaleRequest): Promise<Sale> {
  if (!sessionStore.get()?.accessToken) {
    await refreshSession();
    if (!sessionStore.get()?.accessToken)
      throw new ApiError(401, 'not_signed_in', 'Sign in to send the sales');
  }
  return api.post<Sale>('/sales', body);
}

/**
 * Completes a sale through the outbox (see outbox.completeSale), stamped with the device's catalog
 * version, so the server accepts it at the prices it was rung up with.
 */
export async function submitSale(body: CreateSaleRequest): Promise<CompleteOutcome> {
  const db = offlineDb();
  const version = await catalogVersion(db);
  // A cashier switched by PIN offline rings up under the register user's token (see deviceCashier).
  const cashier = getDeviceCashier();
  const withCashier =
    cashier && cashier.id !== sessionStore.get()?.user.id ? { ...body, cashierId: cashier.id } : body;
  return completeSale(
    db,
    version ? { ...withCashier, catalogVersion: version } : withCashier,
    sendSale,
    options(),
  );
}

/**
 * One pass of the background sync under the device lock; null when another tab is sending.
 * `expedite` (the network just came back) ends the waiting entries' backoff first.
 */
export function syncOutboxNow(expedite = false): Promise<SyncReport | null> {
  const db = offlineDb();
  return withOutboxLock(locks(), async () => {
    if (expedite) await expediteOutbox(db, Date.now());
    return pushOutbox(db, sendSale, options());
  });
}

/** Refreshes the device's catalog (delta since its version). */
export async function syncCatalogNow(): Promise<number> {
  const written = await syncCatalog(offlineDb(), (query) => api.get('/products', query));
  // Only a missing server counts as offline; a refusal leaves the device's copy as it was.
  await syncStaffNow().catch((error: unknown) => {
    if (isUnreachable(error)) throw error;
  });
  return written;
}

/**
 * Refreshes the staff (with PIN hashes) of the device's register, for the offline cashier switch;
 * does nothing before the device has a register.
 */
export async function syncStaffNow(): Promise<void> {
  const companyId = sessionStore.get()?.company.id;
  const device = companyId ? loadDeviceRegister(window.localStorage, companyId) : null;
  if (!device) return;
  await syncRegisterStaff(offlineDb(), device.registerId, (registerId) =>
    api.get<RegisterStaffList>(`/registers/${registerId}/staff`),
  );
}

let started = false;

/**
 * Once per page: remembers the signed-in cashier for offline reloads, asks the browser to keep
 * IndexedDB under storage pressure (navigator.storage.persist), and registers the service worker
 * that serves the app shell offline.
 */
export function startOfflineSupport(): void {
  if (started) return;
  started = true;
  sessionStore.subscribe(() => keepOfflineSession(window.localStorage, sessionStore.get()));
  void navigator.storage?.persist?.().catch(() => false);
  if ('serviceWorker' in navigator && import.meta.env.PROD) {
    void import('virtual:pwa-register')
      .then(({ registerSW }) => registerSW({ immediate: true }))
      .catch(() => undefined);
  }
}

/**
 * The tender screen's `submitSale` for the offline terminal: the sale goes through the outbox;
 * the receipt shows the server's sale when it answered, else the provisional one priced on the
 * device. `afterQueued` runs when the sale stays in the outbox (to start the background sync).
 */
export function offlineSubmit(
  context: Omit<ProvisionalSaleInput, 'request'>,
  afterQueued: () => void,
): (request: CreateSaleRequest) => Promise<Sale> {
  return async (request) => {
    const outcome = await submitSale(request);
    if (outcome.type === 'acknowledged') return outcome.sale;
    afterQueued();
    return provisionalSale({ ...context, request });
  };
}
