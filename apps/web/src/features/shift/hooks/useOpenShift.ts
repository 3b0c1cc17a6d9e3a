import type { Shift } from '@kassa/contracts';
import { useQuery, type UseQueryResult } from '@tanstack/react-query';
import { fetchOpenShift } from '../api/shiftsApi.ts';

/** Query key of a register's open shift. */
export const openShiftKey = (registerId: string) => ['shift', registerId] as const;

/** The register's open shift (null when none is open). */
export function useOpenShift(registerId: string): UseQueryResult<Shift | null> {
  return useQuery({
    queryKey: openShiftKey(registerId),
    queryFn: ({ signal }) => fetchOpenShift(registerId, signal),
  });
}
