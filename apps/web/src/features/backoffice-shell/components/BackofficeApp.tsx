import { Alert, AppShell, Button, Center, Group, Loader, Tabs, Text, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { refreshSession } from '../../auth/api/apiClient.ts';
import { logout } from '../../auth/api/authApi.ts';
import { LoginScreen } from '../../auth/components/LoginScreen.tsx';
import { useSession } from '../../auth/hooks/useSession.ts';
import { sessionStore } from '../../auth/state/sessionStore.ts';
import { DashboardPage } from '../../backoffice-dashboard/components/DashboardPage.tsx';
import { ImportWizard } from '../../backoffice-import/components/ImportWizard.tsx';
import { ProductsPage } from '../../backoffice-products/components/ProductsPage.tsx';
import { ReportsPage } from '../../backoffice-reports/components/ReportsPage.tsx';

// One attempt per page load to pick up the session from the refresh cookie (StrictMode runs effects twice).
let restoring: Promise<unknown> | null = null;

/** The /backoffice app for managers and owners: products, import and export, reports. */
export function BackofficeApp() {
  const session = useSession();
  const queryClient = useQueryClient();
  const [restored, setRestored] = useState(() => sessionStore.get() !== null);
  useEffect(() => {
    if (restored) return;
    restoring ??= refreshSession();
    void restoring.finally(() => setRestored(true));
  }, [restored]);

  if (!restored) {
    return (
      <Center h="100%">
        <Loader />
      </Center>
    );
  }
  if (!session) return <LoginScreen />;
  const signOut = () => void logout().finally(() => queryClient.clear());
  if (session.user.role === 'cashier') {
    return (
      <Center h="100%">
        <Alert color="yellow" title="The back office is for managers and owners">
          <Button onClick={signOut}>Sign out</Button>
        </Alert>
      </Center>
    );
  }
  const currency = session.company.currency;
  return (
    <AppShell header={{ height: 56 }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between">
          <Title order={3}>Kassa back office</Title>
          <Group>
            <Text size="sm">
              {session.company.name} · {session.user.name}
            </Text>
            <Button variant="default" size="xs" component="a" href="/pos">
              Terminal
            </Button>
            <Button variant="default" size="xs" onClick={signOut}>
              Sign out
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Main>
        <Tabs defaultValue="products" keepMounted={false}>
          <Tabs.List>
            <Tabs.Tab value="dashboard" data-testid="tab-dashboard">
              Today
            </Tabs.Tab>
            <Tabs.Tab value="products" data-testid="tab-products">
              Products
            </Tabs.Tab>
            <Tabs.Tab value="import" data-testid="tab-import">
              Import and export
            </Tabs.Tab>
            <Tabs.Tab value="reports" data-testid="tab-reports">
              Reports
            </Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="dashboard" pt="md">
            <DashboardPage currency={currency} />
          </Tabs.Panel>
          <Tabs.Panel value="products" pt="md">
            <ProductsPage currency={currency} />
          </Tabs.Panel>
          <Tabs.Panel value="import" pt="md">
            <ImportWizard />
          </Tabs.Panel>
          <Tabs.Panel value="reports" pt="md">
            <ReportsPage currency={currency} />
          </Tabs.Panel>
        </Tabs>
      </AppShell.Main>
    </AppShell>
  );
}
