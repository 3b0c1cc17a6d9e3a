import type { AgeCheck, AgePolicy, RecordAgeCheckRequest } from '@kassa/contracts';
import { api } from '../../auth/api/apiClient.ts';
import { withOfflineCopy } from '../../offline/state/offlineCache.ts';

/** The store's age-check rules; the last known copy when offline. */
export function fetchAgePolicy(storeId: string, signal?: AbortSignal): Promise<AgePolicy> {
  return withOfflineCopy(window.localStorage, `age-policy.${storeId}`, () =>
    api.get<AgePolicy>(`/stores/${storeId}/age-policy`, undefined, signal),
  );
}

/** Logs a refused check (POST /age-checks); a passing check travels with the sale. */
export function logAgeCheck(request: RecordAgeCheckRequest): Promise<AgeCheck> {
  return api.post<AgeCheck>('/age-checks', request);
}
