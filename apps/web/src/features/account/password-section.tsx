// Change password (current, new, confirm), with the policy's and the server's refusals beside the fields.
import { Alert, Button, Group, Paper, PasswordInput, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { fieldErrors } from '../../api/form-errors';
import { emptyPassword, parsePasswordChange, type PasswordField, type PasswordValues } from './account-forms';
import { useChangePassword } from './account.api';

const SERVER_FIELDS = ['currentPassword', 'newPassword'] as const;

export function PasswordSection() {
  const change = useChangePassword();
  const [values, setValues] = useState<PasswordValues>(emptyPassword);
  const [errors, setErrors] = useState<Partial<Record<PasswordField, string>>>({});
  const [done, setDone] = useState(false);
  const server = fieldErrors(change.error, SERVER_FIELDS);
  const input = (field: PasswordField, label: string, autoComplete: string) => (
    <PasswordInput
      label={label}
      autoComplete={autoComplete}
      value={values[field]}
      onChange={(event) => {
        const value = event.currentTarget.value;
        setValues((v) => ({ ...v, [field]: value }));
      }}
      error={errors[field] ?? (field === 'confirm' ? undefined : server.fields[field])}
      visibilityToggleButtonProps={{ 'aria-label': 'Show or hide the password' }}
    />
  );

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setDone(false);
    change.reset();
    const parsed = parsePasswordChange(values);
    if (!parsed.ok) {
      setErrors(parsed.errors);
      return;
    }
    setErrors({});
    change.mutate(parsed.value, {
      onSuccess: () => {
        setValues(emptyPassword);
        setDone(true);
      },
    });
  };

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="password-title">
      <Title order={2} size="h5" id="password-title" mb={4}>
        Password
      </Title>
      <Text size="xs" c="dimmed" mb="sm">
        12 to 256 characters, not your email. Changing it signs you out on every other device; this one stays.
      </Text>
      <form onSubmit={onSubmit} noValidate aria-label="Change password">
        <Stack gap="sm">
          <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
            {input('currentPassword', 'Current password', 'current-password')}
            {input('newPassword', 'New password', 'new-password')}
            {input('confirm', 'Confirm new password', 'new-password')}
          </SimpleGrid>
          {server.rest && (
            <Alert color="red" variant="light" title="Password not changed" role="alert">
              {server.rest}
            </Alert>
          )}
          {done && (
            <Text size="sm" c="teal" role="status" data-testid="password-changed">
              Password changed. Other sessions were signed out.
            </Text>
          )}
          <Group justify="flex-end">
            <Button type="submit" loading={change.isPending}>
              Change password
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
