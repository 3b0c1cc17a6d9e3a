import type { RegisterSyncStatusList } from '@kassa/contracts';
import { api } from '../../auth/api/apiClient.ts';

/** GET /registers/sync-status: each register's latest received sale and its sync lag (seconds). */
export function fetchSyncStatus(signal?: AbortSignal): Promise<RegisterSyncStatusList> {
  return api.get('/registers/sync-status', undefined, signal);
}
