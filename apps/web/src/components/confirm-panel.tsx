// The body of a confirmation dialog: what will happen, the refusal if the server gave one, keep or go ahead.
import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';

export interface ConfirmPanelProps {
  children: ReactNode;
  /** Title of the alert shown when the action failed. */
  errorTitle: string;
  error: Error | null;
  keepLabel: string;
  confirmLabel: ReactNode;
  /** Red for actions that remove something. */
  color?: 'red' | undefined;
  pending: boolean;
  onKeep: () => void;
  onConfirm: () => void;
}

export function ConfirmPanel(props: ConfirmPanelProps) {
  return (
    <Stack gap="sm">
      <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
        {props.children}
      </Text>
      {props.error && (
        <Alert color="red" variant="light" title={props.errorTitle} role="alert">
          {props.error.message}
        </Alert>
      )}
      <Group justify="flex-end" gap="xs">
        <Button variant="default" size="xs" onClick={props.onKeep}>
          {props.keepLabel}
        </Button>
        <Button color={props.color} size="xs" loading={props.pending} onClick={props.onConfirm}>
          {props.confirmLabel}
        </Button>
      </Group>
    </Stack>
  );
}
