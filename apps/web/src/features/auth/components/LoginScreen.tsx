import {
  Alert,
  Anchor,
  Button,
  Center,
  Paper,
  PasswordInput,
  Stack,
  TextInput,
  Title,
  Text,
} from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { ApiError, errorMessage } from '../../../lib/http/apiError.ts';
import { login } from '../api/authApi.ts';
import { ForgotPassword } from './PasswordReset.tsx';

/** A 6-digit authenticator code; anything else typed in the code field is a recovery code. */
const TOTP_CODE = /^\d{6}$/;

/**
 * Email and password sign-in; on success the session store holds the new session. A user with
 * two-factor sign-in is then asked for the authenticator code (or a recovery code).
 */
export function LoginScreen() {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [needsCode, setNeedsCode] = useState(false);
  const [forgot, setForgot] = useState(false);
  const mutation = useMutation({
    mutationFn: login,
    onError: (error) => {
      if (error instanceof ApiError && (error.code === 'totp_required' || error.code === 'totp_invalid'))
        setNeedsCode(true);
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const second = code.trim();
    mutation.mutate({
      email: email.trim(),
      password,
      ...(needsCode && second
        ? TOTP_CODE.test(second)
          ? { totpCode: second }
          : { recoveryCode: second }
        : {}),
    });
  };

  return (
    <Center h="100%" bg="gray.1" p="md">
      <Paper withBorder shadow="sm" p="xl" w={400} maw="100%">
        {forgot ? (
          <ForgotPassword onBack={() => setForgot(false)} />
        ) : (
          <form onSubmit={submit}>
            <Stack>
              <div>
                <Title order={2}>Kassa</Title>
                <Text c="dimmed">Sign in to open the register</Text>
              </div>
              <TextInput
                label="Email"
                type="email"
                autoComplete="username"
                required
                autoFocus
                value={email}
                onChange={(e) => setEmail(e.currentTarget.value)}
                data-testid="login-email"
              />
              <PasswordInput
                label="Password"
                autoComplete="current-password"
                required
                value={password}
                onChange={(e) => setPassword(e.currentTarget.value)}
                data-testid="login-password"
              />
              {needsCode && (
                <TextInput
                  label="Authenticator code (or a recovery code)"
                  autoComplete="one-time-code"
                  autoFocus
                  required
                  value={code}
                  onChange={(e) => setCode(e.currentTarget.value)}
                  data-testid="login-totp"
                />
              )}
              {mutation.isError && (
                <Alert color="red" data-testid="login-error">
                  {errorMessage(mutation.error)}
                </Alert>
              )}
              <Button type="submit" size="lg" loading={mutation.isPending} data-testid="login-submit">
                Sign in
              </Button>
              <Anchor
                component="button"
                type="button"
                size="sm"
                onClick={() => setForgot(true)}
                data-testid="login-forgot"
              >
                Forgot your password?
              </Anchor>
            </Stack>
          </form>
        )}
      </Paper>
    </Center>
  );
}
