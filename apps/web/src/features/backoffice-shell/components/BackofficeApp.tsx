import { Alert, AppShell, Button, Center, Group, Loader, Tabs, Text, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { refreshSession } from '../../auth/api/apiClient.ts';
import { logout } from '../../auth/api/authApi.ts';
import { LoginScreen } from '../../auth/components/LoginScreen.tsx';
import { ResetPasswordScreen, resetTokenFromLocation } from '../../auth/components/PasswordReset.tsx';
import { TotpEnrolment } from '../../auth/components/TotpEnrolment.tsx';
import { useSession } from '../../auth/hooks/useSession.ts';
import { sessionStore } from '../../auth/state/sessionStore.ts';
import { DashboardPage } from '../../backoffice-dashboard/components/DashboardPage.tsx';
import { ImportWizard } from '../../backoffice-import/components/ImportWizard.tsx';
import { ProductsPage } from '../../backoffice-products/components/ProductsPage.tsx';
import { ReportsPage } from '../../backoffice-reports/components/ReportsPage.tsx';
import { CustomersPage } from '../../backoffice-customers/components/CustomersPage.tsx';
import { SalesHistoryPage } from '../../backoffice-sales/components/SalesHistoryPage.tsx';
import { SettingsPage } from '../../backoffice-settings/components/SettingsPage.tsx';
import { StaffPage } from '../../backoffice-staff/components/StaffPage.tsx';

// One attempt per page load to pick up the session from the refresh cookie (StrictMode runs effects twice).
let restoring: Promise<unknown> | null = null;

/**
 * The /backoffice app for managers and owners: today, products, import and export, reports, sales
 * history, customers and (with settings.write) company settings.
 */
export function BackofficeApp() {
  const session = useSession();
  const queryClient = useQueryClient();
  const [restored, setRestored] = useState(() => sessionStore.get() !== null);
  useEffect(() => {
    if (restored) return;
    restoring ??= refreshSession();
    void restoring.finally(() => setRestored(true));
  }, [restored]);

  // A mailed password link (reset or invitation) opens its own screen, signed in or not.
  const resetToken = resetTokenFromLocation();
  if (resetToken) return <ResetPasswordScreen token={resetToken} />;
  if (!restored) {
    return (
      <Center h="100%">
        <Loader />
      </Center>
    );
  }
  if (!session) return <LoginScreen />;
  const signOut = () => void logout().finally(() => queryClient.clear());
  // The company requires two-factor for owners and managers: enrol before anything else.
  if (session.user.totpEnrolmentRequired) return <TotpEnrolment onSignOut={signOut} />;
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
            <Tabs.Tab value="sales" data-testid="tab-sales">
              Sales
            </Tabs.Tab>
            <Tabs.Tab value="customers" data-testid="tab-customers">
              Customers
            </Tabs.Tab>
            {session.user.permissions.includes('user.manage') && (
              <Tabs.Tab value="staff" data-testid="tab-staff">
                Staff
              </Tabs.Tab>
            )}
            {session.user.permissions.includes('settings.write') && (
              <Tabs.Tab value="settings" data-testid="tab-settings">
                Settings
              </Tabs.Tab>
            )}
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
          <Tabs.Panel value="sales" pt="md">
            <SalesHistoryPage currency={currency} />
          </Tabs.Panel>
          <Tabs.Panel value="customers" pt="md">
            <CustomersPage />
          </Tabs.Panel>
          <Tabs.Panel value="staff" pt="md">
            <StaffPage />
          </Tabs.Panel>
          <Tabs.Panel value="settings" pt="md">
            <SettingsPage />
          </Tabs.Panel>
        </Tabs>
      </AppShell.Main>
    </AppShell>
  );
}
