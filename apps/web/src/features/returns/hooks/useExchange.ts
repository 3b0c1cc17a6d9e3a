import type { CreateSaleRequest, Exchange, Sale } from '@kassa/contracts';
import { newDocumentId, type PricingResult } from '@kassa/domain';
import { useCallback, useRef, useState } from 'react';
import { createExchange } from '../api/returnsApi.ts';
import { exchangeIdsFor, exchangeRequest, type ExchangeIds, type ExchangeReturn } from '../state/exchange.ts';

/** An exchange in the terminal: the return kept while the new items are rung up, then the result. */
export type ExchangeFlow = {
  /** The return chosen, while the new items are rung up and tendered (kept until `finish`). */
  active: ExchangeReturn | null;
  /** The stored exchange, from its completion until the next sale. */
  done: Exchange | null;
  start: (ret: ExchangeReturn) => void;
  cancel: () => void;
  /**
   * The tender screen's submit for the cart priced `pricing`: posts the exchange once per new sale
   * id (retries reuse the ids) and resolves with its new sale.
   */
  submitFor: (pricing: PricingResult) => (request: CreateSaleRequest) => Promise<Sale>;
  /** Forgets the exchange (next sale). */
  finish: () => void;
};

/** State of an exchange across the sell, tender and receipt screens of the terminal. */
export function useExchange(): ExchangeFlow {
  const [active, setActive] = useState<ExchangeReturn | null>(null);
  const [done, setDone] = useState<Exchange | null>(null);
  const ids = useRef<ExchangeIds | null>(null);
  const start = useCallback((ret: ExchangeReturn) => {
    ids.current = null;
    setDone(null);
    setActive(ret);
  }, []);
  const cancel = useCallback(() => setActive(null), []);
  const finish = useCallback(() => {
    setActive(null);
    setDone(null);
  }, []);
  const submitFor = (pricing: PricingResult) => async (request: CreateSaleRequest) => {
    if (!active) throw new Error('No exchange in progress');
    ids.current = exchangeIdsFor(ids.current, request.id, newDocumentId);
    const exchange = await createExchange(exchangeRequest(active, ids.current, request, pricing));
    // `active` stays until the next sale: the tender screen's amount due must not change under it.
    setDone(exchange);
    return exchange.sale;
  };
  return { active, done, start, cancel, submitFor, finish };
}
