import type { CompanySettings, Store } from '@kassa/contracts';
import { useQuery, type UseQueryResult } from '@tanstack/react-query';
import { fetchSettings, fetchStaff, fetchStores, type StaffMember } from '../api/storesApi.ts';

export function useStores(): UseQueryResult<Store[]> {
  return useQuery({
    queryKey: ['stores'],
    queryFn: ({ signal }) => fetchStores(signal),
    staleTime: 5 * 60_000,
  });
}

/** Staff who can take over a register by PIN. */
export function useStaff(enabled = true): UseQueryResult<StaffMember[]> {
  return useQuery({
    queryKey: ['staff'],
    queryFn: ({ signal }) => fetchStaff(signal),
    staleTime: 60_000,
    enabled,
  });
}

/** Currency and rounding rules for pricing, as the server applies them. */
export function useSettings(): UseQueryResult<CompanySettings> {
  return useQuery({
    queryKey: ['settings'],
    queryFn: ({ signal }) => fetchSettings(signal),
    staleTime: 5 * 60_000,
  });
}
