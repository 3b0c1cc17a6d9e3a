import type { AgePolicy } from '@kassa/contracts';
import { useQuery, type UseQueryResult } from '@tanstack/react-query';
import { fetchAgePolicy } from '../api/ageCheckApi.ts';

/** The age-check rules of the register's store (minimum age, sight checks, birth date kept). */
export function useAgePolicy(storeId: string): UseQueryResult<AgePolicy> {
  return useQuery({
    queryKey: ['age-policy', storeId],
    queryFn: ({ signal }) => fetchAgePolicy(storeId, signal),
    staleTime: 5 * 60_000,
  });
}
