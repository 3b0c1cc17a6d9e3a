import { Alert, Button, Group, Loader, Modal, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { CommandBarrier } from '../../commands/components/CommandBarrier.tsx';
import { useCommand } from '../../commands/hooks/useCommand.ts';
import { plainKey } from '../../commands/state/commandRegistry.ts';
import { useStaff } from '../../register-setup/hooks/useStores.ts';
import type { StaffMember } from '../../register-setup/api/storesApi.ts';
import { errorMessage } from '../../../lib/http/apiError.ts';
import { switchCashierByPin } from '../../offline/api/offlineSwitch.ts';
import { offlineDb } from '../../offline/state/offlineDb.ts';
import { deviceStaff } from '../../offline/state/staffCache.ts';

export type CashierSwitchProps = {
  opened: boolean;
  onClose: () => void;
  currentUserId: string;
  /** The device's register: offline, PINs are checked against its staff's hashes on the device. */
  registerId: string;
};

const PIN_PATTERN = /^\d{4,6}$/;
const KEYPAD = ['1', '2', '3', '4', '5', '6', '7', '8', '9', 'clear', '0', 'back'] as const;

type PinPadProps = { member: StaffMember; registerId: string; onDone: () => void; onBack: () => void };

function PinPad({ member, registerId, onDone, onBack }: PinPadProps) {
  const [pin, setPin] = useState('');
  const mutation = useMutation({
    mutationFn: (input: { userId: string; pin: string }) =>
      switchCashierByPin(registerId, input.userId, input.pin),
    onSuccess: onDone,
  });
  useCommand({
    name: 'pin-back',
    label: 'Back',
    keyTest: plainKey('Escape'),
    perform: onBack,
    inEditable: true,
  });

  const submit = (event?: FormEvent) => {
    event?.preventDefault();
    if (PIN_PATTERN.test(pin)) mutation.mutate({ userId: member.id, pin });
  };
  const press = (key: (typeof KEYPAD)[number]) => {
    mutation.reset();
    if (key === 'clear') setPin('');
    else if (key === 'back') setPin((p) => p.slice(0, -1));
    else setPin((p) => (p.length < 6 ? p + key : p));
  };

  return (
    <form onSubmit={submit}>
      <Stack>
        <Text>
          PIN for <b>{member.name}</b>
        </Text>
        <TextInput
          type="password"
          inputMode="numeric"
          autoComplete="off"
          autoFocus
          size="lg"
          maxLength={6}
          value={pin}
          onChange={(e) => {
            mutation.reset();
            setPin(e.currentTarget.value.replace(/\D/g, '').slice(0, 6));
          }}
          aria-label="PIN"
          data-testid="pin-input"
        />
        <SimpleGrid cols={3} spacing="xs">
          {KEYPAD.map((key) => (
            <Button key={key} variant="default" size="lg" h={56} onClick={() => press(key)}>
              {key === 'clear' ? 'C' : key === 'back' ? '⌫' : key}
            </Button>
          ))}
        </SimpleGrid>
        {mutation.isError && <Alert color="red">{errorMessage(mutation.error)}</Alert>}
        <Group grow>
          <Button variant="default" size="lg" onClick={onBack}>
            Back
          </Button>
          <Button
            type="submit"
            size="lg"
            disabled={!PIN_PATTERN.test(pin)}
            loading={mutation.isPending}
            data-testid="pin-submit"
          >
            Switch
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

type StaffPickerProps = {
  currentUserId: string;
  registerId: string;
  onPick: (member: StaffMember) => void;
  onClose: () => void;
};

function StaffPicker({ currentUserId, registerId, onPick, onClose }: StaffPickerProps) {
  const online = useStaff();
  // Offline: the staff who may sell here, as the device downloaded them with the catalog.
  const onDevice = useQuery({
    queryKey: ['device-staff', registerId],
    queryFn: () => deviceStaff(offlineDb(), registerId),
    enabled: online.isError,
  });
  const staff = online.isError ? onDevice : online;
  useCommand({
    name: 'close-switch',
    label: 'Close',
    keyTest: plainKey('Escape'),
    perform: onClose,
    inEditable: true,
  });
  if (staff.isPending) return <Loader />;
  if (staff.isError) return <Alert color="red">{errorMessage(staff.error)}</Alert>;
  return (
    <SimpleGrid cols={2} spacing="sm">
      {staff.data.map((member) => (
        <Button
          key={member.id}
          variant={member.id === currentUserId ? 'light' : 'default'}
          size="lg"
          h={64}
          onClick={() => onPick(member)}
          data-testid="staff-member"
        >
          <Stack gap={0} align="center">
            <Text fw={600}>{member.name}</Text>
            <Text size="xs" c="dimmed" tt="capitalize">
              {member.role}
            </Text>
          </Stack>
        </Button>
      ))}
    </SimpleGrid>
  );
}

type SwitchBodyProps = { onClose: () => void; currentUserId: string; registerId: string };

function SwitchBody({ onClose, currentUserId, registerId }: SwitchBodyProps) {
  const [member, setMember] = useState<StaffMember | null>(null);
  return (
    <>
      <CommandBarrier name="cashier-switch" />
      {member ? (
        <PinPad member={member} registerId={registerId} onDone={onClose} onBack={() => setMember(null)} />
      ) : (
        <StaffPicker
          currentUserId={currentUserId}
          registerId={registerId}
          onPick={setMember}
          onClose={onClose}
        />
      )}
    </>
  );
}

/**
 * Hand the register to another staff member: pick a name, type the PIN (POST /auth/pin; offline,
 * checked against the PIN hashes on the device, see offline/api/offlineSwitch.ts).
 */
export function CashierSwitch({ opened, onClose, currentUserId, registerId }: CashierSwitchProps) {
  return (
    <Modal opened={opened} onClose={onClose} title="Switch cashier" closeOnEscape={false} size="md">
      {opened && <SwitchBody onClose={onClose} currentUserId={currentUserId} registerId={registerId} />}
    </Modal>
  );
}
