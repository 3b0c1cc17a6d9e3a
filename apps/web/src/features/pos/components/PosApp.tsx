import type { Store } from '@kassa/contracts';
import { Alert, Button, Center, Loader, Stack } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { refreshSession } from '../../auth/api/apiClient.ts';
import { logout } from '../../auth/api/authApi.ts';
import { LoginScreen } from '../../auth/components/LoginScreen.tsx';
import { TotpEnrolment } from '../../auth/components/TotpEnrolment.tsx';
import { useSession } from '../../auth/hooks/useSession.ts';
import { sessionStore, type Session } from '../../auth/state/sessionStore.ts';
import { RegisterPicker } from '../../register-setup/components/RegisterPicker.tsx';
import { useStores } from '../../register-setup/hooks/useStores.ts';
import {
  forgetDeviceRegister,
  loadDeviceRegister,
  saveDeviceRegister,
  type DeviceRegister,
} from '../../register-setup/state/deviceRegister.ts';
import { errorMessage } from '../../../lib/http/apiError.ts';
import { Terminal } from './Terminal.tsx';

// One attempt per page load to pick up the session from the refresh cookie (StrictMode runs effects twice).
let restoring: Promise<unknown> | null = null;

type RegisterGateProps = { session: Session; onSignOut: () => void };

/** Opens the terminal on the register this device remembers, or asks which one it is. */
function RegisterGate({ session, onSignOut }: RegisterGateProps) {
  const stores = useStores();
  const [device, setDevice] = useState<DeviceRegister | null>(() =>
    loadDeviceRegister(window.localStorage, session.company.id),
  );

  if (stores.isPending) {
    return (
      <Center h="100%">
        <Loader />
      </Center>
    );
  }
  if (stores.isError) {
    return (
      <Center h="100%">
        <Alert color="red" title="The stores could not be loaded">
          <Stack>
            {errorMessage(stores.error)}
            <Button onClick={() => void stores.refetch()}>Try again</Button>
          </Stack>
        </Alert>
      </Center>
    );
  }
  const store = stores.data.find((s) => s.id === device?.storeId);
  const register = store?.registers.find((r) => r.id === device?.registerId);
  if (!store || !register) {
    const pick = (picked: Store, registerId: string) => {
      const next = { companyId: session.company.id, storeId: picked.id, registerId };
      saveDeviceRegister(window.localStorage, next);
      setDevice(next);
    };
    return <RegisterPicker onPick={pick} onSignOut={onSignOut} />;
  }
  return (
    <Terminal
      session={session}
      store={store}
      register={register}
      onChangeRegister={() => {
        forgetDeviceRegister(window.localStorage);
        setDevice(null);
      }}
      onSignOut={onSignOut}
    />
  );
}

/** The /pos app: restore or sign in, choose the register once, then sell. */
export function PosApp() {
  const session = useSession();
  const queryClient = useQueryClient();
  const [restored, setRestored] = useState(() => sessionStore.get() !== null);

  useEffect(() => {
    if (restored) return;
    restoring ??= refreshSession();
    void restoring.finally(() => setRestored(true));
  }, [restored]);

  const signOut = () => {
    void logout().finally(() => queryClient.clear());
  };

  if (!restored) {
    return (
      <Center h="100%">
        <Loader />
      </Center>
    );
  }
  if (!session) return <LoginScreen />;
  // The company requires two-factor for owners and managers: enrol before anything else.
  if (session.user.totpEnrolmentRequired) return <TotpEnrolment onSignOut={signOut} />;
  return <RegisterGate key={session.company.id} session={session} onSignOut={signOut} />;
}
