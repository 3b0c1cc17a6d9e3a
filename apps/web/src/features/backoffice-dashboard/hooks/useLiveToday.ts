import { useEffect, useState } from 'react';
import { sessionStore } from '../../auth/state/sessionStore.ts';
import { API_PREFIX } from '../../../lib/http/apiPrefix.ts';

/** Today's figures of one store as the server pushes them (minor units). */
export type StoreToday = {
  storeId: string;
  name: string;
  day: string;
  sales: number;
  total: number;
  tax: number;
};

export type LiveToday = { stores: StoreToday[] | null; connected: boolean };

/**
 * Subscribes to /api/v1/dashboard/live: authenticates with the session's access token as the first
 * message, then keeps the latest `today` figures; reconnects after 2 s when the socket drops.
 */
export function useLiveToday(): LiveToday {
  const [state, setState] = useState<LiveToday>({ stores: null, connected: false });
  useEffect(() => {
    let socket: WebSocket | undefined;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    const connect = () => {
      const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
      socket = new WebSocket(`${scheme}://${window.location.host}${API_PREFIX}/dashboard/live`);
      socket.onopen = () => {
        socket?.send(JSON.stringify({ type: 'auth', token: sessionStore.get()?.accessToken ?? '' }));
        setState((s) => ({ ...s, connected: true }));
      };
      socket.onmessage = (event: MessageEvent<string>) => {
        const message = JSON.parse(event.data) as { type: string; stores: StoreToday[] };
        if (message.type === 'today') setState({ stores: message.stores, connected: true });
      };
      socket.onclose = () => {
        setState((s) => ({ ...s, connected: false }));
        if (!stopped) retry = setTimeout(connect, 2000);
      };
    };
    connect();
    return () => {
      stopped = true;
      if (retry) clearTimeout(retry);
      socket?.close();
    };
  }, []);
  return state;
}
