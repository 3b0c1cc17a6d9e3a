import type { ParkedSale } from '@kassa/contracts';
import { newDocumentId } from '@kassa/domain';
import { useMutation, useQueryClient, type UseMutationResult } from '@tanstack/react-query';
import type { CartLine } from '../../cart/state/cartReducer.ts';
import { parkSale } from '../api/parkedApi.ts';
import { parkRequest } from '../state/parkedCart.ts';

/** What the terminal parks: the cart's lines and the total it showed (minor units). */
export type ParkCart = { lines: readonly CartLine[]; total: number };

/**
 * Parks the register's cart on the server (any register of the store can resume it). The caller
 * clears the cart only once the server has it, so a failed park loses nothing.
 */
export function useParkCart(registerId: string): UseMutationResult<ParkedSale, Error, ParkCart> {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ lines, total }: ParkCart) =>
      parkSale(parkRequest(newDocumentId(), registerId, lines, total)),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['parked-sales'] }),
  });
}
