import type { Store } from '@kassa/contracts';
import { Alert, Button, Center, Group, Loader, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { errorMessage } from '../../../lib/http/apiError.ts';
import { useStores } from '../hooks/useStores.ts';

export type RegisterPickerProps = {
  onPick: (store: Store, registerId: string) => void;
  onSignOut: () => void;
};

/** First run on a device: choose the store, then the register this terminal is. */
export function RegisterPicker({ onPick, onSignOut }: RegisterPickerProps) {
  const stores = useStores();
  const [store, setStore] = useState<Store | null>(null);

  let body;
  if (stores.isPending) body = <Loader />;
  else if (stores.isError) body = <Alert color="red">{errorMessage(stores.error)}</Alert>;
  else if (!store) {
    body = (
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        {stores.data.map((s) => (
          <Button key={s.id} variant="default" h={80} onClick={() => setStore(s)} data-testid="store-option">
            <Stack gap={2} align="flex-start">
              <Text fw={600}>{s.name}</Text>
              <Text size="xs" c="dimmed">
                {s.address.line1}, {s.address.city}
              </Text>
            </Stack>
          </Button>
        ))}
      </SimpleGrid>
    );
  } else {
    body = (
      <Stack>
        <Text>
          Store: <b>{store.name}</b>
        </Text>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          {store.registers.map((r) => (
            <Button key={r.id} h={64} onClick={() => onPick(store, r.id)} data-testid="register-option">
              {r.name}
            </Button>
          ))}
        </SimpleGrid>
        {store.registers.length === 0 && <Alert color="yellow">This store has no registers.</Alert>}
      </Stack>
    );
  }

  return (
    <Center h="100%" bg="gray.1" p="md">
      <Paper withBorder shadow="sm" p="xl" w={640} maw="100%">
        <Stack>
          <Title order={3}>{store ? 'Choose the register' : 'Choose the store'}</Title>
          <Text c="dimmed" size="sm">
            This device remembers the choice.
          </Text>
          {body}
          <Group justify="space-between">
            {store ? (
              <Button variant="default" onClick={() => setStore(null)}>
                Other store
              </Button>
            ) : (
              <span />
            )}
            <Button variant="subtle" color="gray" onClick={onSignOut}>
              Sign out
            </Button>
          </Group>
        </Stack>
      </Paper>
    </Center>
  );
}
