import { Alert, Box, Button, Center, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { loginRequestSchema } from '@optionstrader/contracts';
import { useState, type FormEvent } from 'react';
import { Navigate, useLocation } from 'react-router';
import { isApiError } from '../../api/api-error';
import type { LoginRedirectState } from './require-auth';
import { useLogin, useSession } from './session';

interface FieldErrors {
  email?: string;
  password?: string;
}

/** Only same-app paths are followed after login, never another origin. */
function redirectTarget(state: unknown): string {
  const from = (state as LoginRedirectState | null)?.from;
  return typeof from === 'string' && from.startsWith('/') && !from.startsWith('//') && !from.startsWith('/login')
    ? from
    : '/';
}

function describeLoginError(error: Error): { title: string; message: string } {
  if (!isApiError(error)) return { title: 'Sign-in failed', message: error.message };
  switch (error.code) {
    case 'INVALID_CREDENTIALS':
      return { title: 'Sign-in failed', message: 'Email or password is incorrect.' };
    case 'RATE_LIMITED':
      return {
        title: 'Too many sign-in attempts',
        message: `Wait a minute before trying again. ${error.message}`.trim(),
      };
    case 'VALIDATION_FAILED':
      return { title: 'Check the form', message: error.issues[0]?.message ?? error.message };
    default:
      return { title: 'Sign-in failed', message: error.message };
  }
}

export function LoginPage() {
  useDocumentTitle('Sign in · OptionsTrader');
  const session = useSession();
  const login = useLogin();
  const location = useLocation();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const target = redirectTarget(location.state);

  // Signed in (already, or by this form): go where the user was heading.
  if (session.data) return <Navigate to={target} replace />;

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const parsed = loginRequestSchema.safeParse({ email, password });
    if (!parsed.success) {
      const errors: FieldErrors = {};
      for (const issue of parsed.error.issues) {
        if (issue.path[0] === 'email') errors.email = 'Enter a valid email address';
        if (issue.path[0] === 'password') errors.password = 'Enter your password';
      }
      setFieldErrors(errors);
      return;
    }
    setFieldErrors({});
    login.mutate(parsed.data);
  };

  const failure = login.error ? describeLoginError(login.error) : null;

  return (
    <Center mih="100dvh" p="md" bg="var(--mantine-color-body)">
      <Box w="100%" maw={380}>
        <Stack gap={4} mb="lg" align="center">
          <Title order={1} size="h2">
            OptionsTrader
          </Title>
          <Text c="dimmed" size="sm">
            Sign in to your account
          </Text>
        </Stack>
        <Paper withBorder p="lg" radius="md" shadow="xs">
          <form onSubmit={onSubmit} noValidate aria-label="Sign in">
            <Stack gap="sm">
              {failure && (
                <Alert color="red" variant="light" title={failure.title} role="alert">
                  {failure.message}
                </Alert>
              )}
              <TextInput
                label="Email"
                type="email"
                name="email"
                autoComplete="username"
                autoFocus
                required
                withAsterisk={false}
                value={email}
                onChange={(event) => setEmail(event.currentTarget.value)}
                error={fieldErrors.email}
              />
              <PasswordInput
                label="Password"
                name="password"
                autoComplete="current-password"
                required
                withAsterisk={false}
                value={password}
                onChange={(event) => setPassword(event.currentTarget.value)}
                error={fieldErrors.password}
                visibilityToggleButtonProps={{ 'aria-label': 'Show or hide the password' }}
              />
              <Button type="submit" fullWidth mt="xs" loading={login.isPending}>
                Sign in
              </Button>
            </Stack>
          </form>
        </Paper>
        <Text c="dimmed" size="xs" ta="center" mt="md">
          Accounts are created by an administrator.
        </Text>
      </Box>
    </Center>
  );
}
