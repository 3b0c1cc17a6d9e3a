import type { Category, Product, ProductPage } from '@kassa/contracts';
import { keepPreviousData, useQuery, useQueryClient, type UseQueryResult } from '@tanstack/react-query';
import { useCallback } from 'react';
import { fetchCategories, fetchProductByBarcode, fetchProducts } from '../api/catalogApi.ts';

/** The company's categories, in display order. */
export function useCategories(): UseQueryResult<Category[]> {
  return useQuery({
    queryKey: ['categories'],
    queryFn: async ({ signal }) =>
      (await fetchCategories(signal)).items.toSorted((a, b) => a.position - b.position),
    staleTime: 5 * 60_000,
  });
}

/** Products matching a name/SKU search or in a category; idle when both are empty. */
export function useProducts(params: {
  q: string;
  categoryId: string | null;
  storeId: string;
}): UseQueryResult<ProductPage> {
  const q = params.q.trim();
  const categoryId = params.categoryId ?? undefined;
  return useQuery({
    queryKey: ['products', { q, categoryId, storeId: params.storeId }],
    queryFn: ({ signal }) =>
      fetchProducts({ ...(q ? { q } : { categoryId }), storeId: params.storeId, limit: 60 }, signal),
    enabled: q.length > 0 || categoryId !== undefined,
    placeholderData: keepPreviousData,
    staleTime: 60_000,
  });
}

/** Looks a barcode up (cached for a minute, so scanning the same item twice asks once). */
export function useBarcodeLookup(storeId: string): (barcode: string) => Promise<Product | null> {
  const queryClient = useQueryClient();
  return useCallback(
    (barcode: string) =>
      queryClient.fetchQuery({
        queryKey: ['products', 'barcode', barcode, storeId],
        queryFn: () => fetchProductByBarcode(barcode, storeId),
        staleTime: 60_000,
      }),
    [queryClient, storeId],
  );
}
