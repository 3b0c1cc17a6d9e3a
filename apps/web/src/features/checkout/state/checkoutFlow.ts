import type { Sale } from '@kassa/contracts';
import type { Tender } from './tenders.ts';

/**
 * The id a sale will be created with, and the cart it was made for. The same cart keeps the same
 * id across retries and trips back to the cart, so a sale whose reply was lost is never created
 * twice (the server returns the stored sale for a known id); a changed cart gets a new id.
 */
export type PendingSale = { saleId: string; fingerprint: string };

export type CheckoutState =
  | { screen: 'sell'; pending: PendingSale | null }
  | { screen: 'tender'; pending: PendingSale; tenders: Tender[] }
  | { screen: 'receipt'; sale: Sale };

export type CheckoutAction =
  /** Go to the tender screen for the cart with this fingerprint; `newSaleId` is used if a new id is needed. */
  | { type: 'pay'; fingerprint: string; newSaleId: string }
  | { type: 'back' }
  | { type: 'addTender'; tender: Tender }
  | { type: 'removeTender'; tenderId: string }
  | { type: 'completed'; sale: Sale }
  | { type: 'newSale' };

export const START_CHECKOUT: CheckoutState = { screen: 'sell', pending: null };

/** Screens of one sale: sell (the cart), tender (taking payment), receipt. Pure. */
export function checkoutReducer(state: CheckoutState, action: CheckoutAction): CheckoutState {
  switch (action.type) {
    case 'pay': {
      if (state.screen !== 'sell' || action.fingerprint === '') return state;
      const pending =
        state.pending?.fingerprint === action.fingerprint
          ? state.pending
          : { saleId: action.newSaleId, fingerprint: action.fingerprint };
      return { screen: 'tender', pending, tenders: [] };
    }
    case 'back':
      return state.screen === 'tender' ? { screen: 'sell', pending: state.pending } : state;
    case 'addTender':
      return state.screen === 'tender' ? { ...state, tenders: [...state.tenders, action.tender] } : state;
    case 'removeTender':
      return state.screen === 'tender'
        ? { ...state, tenders: state.tenders.filter((tender) => tender.id !== action.tenderId) }
        : state;
    case 'completed':
      return state.screen === 'tender' ? { screen: 'receipt', sale: action.sale } : state;
    case 'newSale':
      return START_CHECKOUT;
  }
}
