import { MantineProvider } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useState } from 'react';
import { BackofficeApp } from '../features/backoffice-shell/components/BackofficeApp.tsx';
import { CommandProvider } from '../features/commands/components/CommandProvider.tsx';
import { PosApp } from '../features/pos/components/PosApp.tsx';
import { ApiError } from '../lib/http/apiError.ts';
import { theme } from './theme.ts';

function makeQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // A 4xx will not get better by asking again; a network blip might.
        retry: (count, error) =>
          !(error instanceof ApiError && error.status >= 400 && error.status < 500) && count < 2,
        refetchOnWindowFocus: false,
        // The terminal sells offline: its fetchers answer from the device when the server is
        // unreachable, so queries and mutations must run rather than pause while the browser is offline.
        networkMode: 'always',
      },
      mutations: { networkMode: 'always' },
    },
  });
}

export function App() {
  const [queryClient] = useState(makeQueryClient);
  return (
    <MantineProvider theme={theme} defaultColorScheme="light">
      <QueryClientProvider client={queryClient}>
        {window.location.pathname.startsWith('/backoffice') ? (
          <BackofficeApp />
        ) : (
          <CommandProvider>
            <PosApp />
          </CommandProvider>
        )}
      </QueryClientProvider>
    </MantineProvider>
  );
}
