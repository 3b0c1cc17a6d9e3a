import type { Shift } from '@kassa/contracts';
import { newDocumentId, parseMajor } from '@kassa/domain';
import { Alert, Button, Center, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { errorMessage } from '../../../lib/http/apiError.ts';
import { openShift } from '../api/shiftsApi.ts';
import { openShiftKey } from '../hooks/useOpenShift.ts';

export type OpenShiftScreenProps = { registerId: string; registerName: string; currency: string };

/** No shift on this register yet: count the float into the drawer and open one. */
export function OpenShiftScreen({ registerId, registerName, currency }: OpenShiftScreenProps) {
  const queryClient = useQueryClient();
  const [text, setText] = useState('');
  const [formError, setFormError] = useState<string | null>(null);
  // One id per attempt on this screen, so a retry after a lost answer cannot open a second shift.
  const [shiftId] = useState(newDocumentId);
  const open = useMutation({
    mutationFn: (openingFloat: number) => openShift({ id: shiftId, registerId, openingFloat }),
    onSuccess: (shift: Shift) => queryClient.setQueryData(openShiftKey(registerId), shift),
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    let amount: number;
    try {
      amount = parseMajor(text.trim() || '0', currency);
    } catch {
      setFormError('Type the float as an amount, e.g. 150.00');
      return;
    }
    if (amount < 0) {
      setFormError('The float cannot be negative');
      return;
    }
    setFormError(null);
    open.mutate(amount);
  };

  return (
    <Center h="100%" p="md">
      <Paper withBorder shadow="sm" p="xl" w={420} maw="100%">
        <form onSubmit={submit}>
          <Stack>
            <Title order={3}>Open shift</Title>
            <Text c="dimmed" size="sm">
              {registerName}: count the cash in the drawer before the first sale.
            </Text>
            <TextInput
              label={`Opening float (${currency})`}
              inputMode="decimal"
              placeholder="0.00"
              value={text}
              onChange={(e) => setText(e.currentTarget.value)}
              error={formError}
              data-autofocus
              autoFocus
              data-testid="opening-float"
            />
            {open.isError && <Alert color="red">{errorMessage(open.error)}</Alert>}
            <Button type="submit" size="lg" loading={open.isPending} data-testid="open-shift">
              Open shift
            </Button>
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}
