import {
  Alert,
  Anchor,
  Button,
  Center,
  Paper,
  PasswordInput,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { errorMessage } from '../../../lib/http/apiError.ts';
import { api } from '../api/apiClient.ts';

/**
 * The token of a mailed password link (`/backoffice/reset-password#token=...`, set by the
 * server's passwordLink), or null on any other page. The token rides in the fragment, so it never
 * reaches a server log or a Referer header.
 */
export function resetTokenFromLocation(location: Pick<Location, 'pathname' | 'hash'> = window.location) {
  if (!location.pathname.endsWith('/reset-password')) return null;
  return new URLSearchParams(location.hash.replace(/^#/, '')).get('token');
}

/** Asks for a reset link; the answer is the same whether or not the address has an account. */
export function ForgotPassword({ onBack }: { onBack: () => void }) {
  const [email, setEmail] = useState('');
  const request = useMutation({
    mutationFn: () => api.post<null>('/auth/password-reset', { email: email.trim() }),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    request.mutate();
  };
  return (
    <form onSubmit={submit} aria-label="Forgot password">
      <Stack>
        <Text size="sm">
          Type your e-mail address: if it has an account, a link to set a new password is sent.
        </Text>
        <TextInput
          label="Email"
          type="email"
          required
          value={email}
          onChange={(e) => setEmail(e.currentTarget.value)}
          data-testid="forgot-email"
        />
        {request.isSuccess && (
          <Alert color="green" data-testid="forgot-sent">
            If the address has an account, a link is on its way. It works once, for a limited time.
          </Alert>
        )}
        {request.isError && <Alert color="red">{errorMessage(request.error)}</Alert>}
        <Button type="submit" loading={request.isPending} data-testid="forgot-submit">
          Send the link
        </Button>
        <Anchor component="button" type="button" size="sm" onClick={onBack}>
          Back to sign-in
        </Anchor>
      </Stack>
    </form>
  );
}

/** Sets a new password with the token of a mailed link (reset or invitation). */
export function ResetPasswordScreen({ token }: { token: string }) {
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const confirm = useMutation({
    mutationFn: () => api.post<null>('/auth/password-reset/confirm', { token, password }),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (password === repeat) confirm.mutate();
  };
  return (
    <Center h="100%" bg="gray.1" p="md">
      <Paper withBorder shadow="sm" p="xl" w={400} maw="100%">
        {confirm.isSuccess ? (
          <Stack>
            <Title order={3}>Password set</Title>
            <Text size="sm">Every other session of your account was signed out.</Text>
            <Button component="a" href="/backoffice" data-testid="reset-done">
              Sign in
            </Button>
          </Stack>
        ) : (
          <form onSubmit={submit} aria-label="Set a new password">
            <Stack>
              <Title order={3}>Set a new password</Title>
              <PasswordInput
                label="New password (at least 10 characters)"
                autoComplete="new-password"
                required
                value={password}
                onChange={(e) => setPassword(e.currentTarget.value)}
                data-testid="reset-password"
              />
              <PasswordInput
                label="The same again"
                autoComplete="new-password"
                required
                value={repeat}
                onChange={(e) => setRepeat(e.currentTarget.value)}
                error={repeat && repeat !== password ? 'The two passwords differ' : undefined}
                data-testid="reset-repeat"
              />
              {confirm.isError && <Alert color="red">{errorMessage(confirm.error)}</Alert>}
              <Button type="submit" loading={confirm.isPending} data-testid="reset-submit">
                Set password
              </Button>
            </Stack>
          </form>
        )}
      </Paper>
    </Center>
  );
}
