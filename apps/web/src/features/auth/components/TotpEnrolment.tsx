import type { RecoveryCodesResponse, TotpSetupResponse } from '@kassa/contracts';
import { Alert, Button, Center, Code, List, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { errorMessage } from '../../../lib/http/apiError.ts';
import { api, refreshSession } from '../api/apiClient.ts';

/**
 * Two-factor enrolment, shown when the company requires it for the signed-in owner or manager
 * (session `totpEnrolmentRequired`): the secret for an authenticator app, a code to confirm it,
 * then the recovery codes (shown once); continuing refreshes the session to its full rights.
 */
export function TotpEnrolment({ onSignOut }: { onSignOut: () => void }) {
  const [code, setCode] = useState('');
  const setup = useMutation({ mutationFn: () => api.post<TotpSetupResponse>('/auth/totp/setup') });
  const confirm = useMutation({
    mutationFn: () => api.post<RecoveryCodesResponse>('/auth/totp/confirm', { code: code.trim() }),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    confirm.mutate();
  };
  return (
    <Center h="100%" bg="gray.1" p="md">
      <Paper withBorder shadow="sm" p="xl" w={520} maw="100%">
        <Stack>
          <Title order={3}>Set up two-factor sign-in</Title>
          <Text size="sm">
            Your company requires an authenticator app (for example Google Authenticator, 1Password or Aegis)
            for owners and managers.
          </Text>
          {!setup.data && (
            <Button onClick={() => setup.mutate()} loading={setup.isPending} data-testid="totp-start">
              Start
            </Button>
          )}
          {setup.isError && <Alert color="red">{errorMessage(setup.error)}</Alert>}
          {setup.data && !confirm.data && (
            <form onSubmit={submit}>
              <Stack>
                <Text size="sm">Add this key to the app (or open the link on the phone):</Text>
                <Code block data-testid="totp-secret">
                  {setup.data.secret}
                </Code>
                <Text size="xs" c="dimmed" style={{ wordBreak: 'break-all' }}>
                  {setup.data.otpauthUri}
                </Text>
                <TextInput
                  label="The 6-digit code the app shows"
                  autoComplete="one-time-code"
                  inputMode="numeric"
                  required
                  value={code}
                  onChange={(e) => setCode(e.currentTarget.value)}
                  data-testid="totp-code"
                />
                {confirm.isError && <Alert color="red">{errorMessage(confirm.error)}</Alert>}
                <Button type="submit" loading={confirm.isPending} data-testid="totp-confirm">
                  Confirm
                </Button>
              </Stack>
            </form>
          )}
          {confirm.data && (
            <>
              <Text size="sm">
                Keep these recovery codes somewhere safe. Each signs in once without the app; they are not
                shown again.
              </Text>
              <List data-testid="totp-recovery-codes">
                {confirm.data.recoveryCodes.map((c) => (
                  <List.Item key={c}>
                    <Code>{c}</Code>
                  </List.Item>
                ))}
              </List>
              <Button onClick={() => void refreshSession()} data-testid="totp-continue">
                Continue
              </Button>
            </>
          )}
          <Button variant="subtle" onClick={onSignOut}>
            Sign out
          </Button>
        </Stack>
      </Paper>
    </Center>
  );
}
