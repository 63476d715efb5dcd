// Rejecting a recommendation: a reason is required (it goes into the audit trail with the decision).
import { Alert, Button, Group, Stack, Textarea } from '@mantine/core';
import type { RecommendationView } from '@optionstrader/contracts';
import { useState } from 'react';
import { isApiError } from '../../api/api-error';
import { useReject } from './decisions.api';

const MAX_REASON = 500;

interface RejectFormProps {
  recommendation: RecommendationView;
  onRejected: (recommendation: RecommendationView) => void;
  onCancel: () => void;
}

export function RejectForm({ recommendation, onRejected, onCancel }: RejectFormProps) {
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const reject = useReject(recommendation.id);

  const submit = () => {
    const text = reason.trim();
    if (text === '') {
      setError('Say why: the reason is kept with the decision');
      return;
    }
    reject.mutate(text, {
      onSuccess: onRejected,
      onError: (failure) => {
        const issue = isApiError(failure) ? failure.issues.find((i) => i.path.includes('reason')) : undefined;
        if (issue) setError(issue.message);
      },
    });
  };

  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
      noValidate
      data-testid="reject-form"
    >
      <Stack gap="sm">
        <Textarea
          label="Reason"
          description="Why not this trade? Kept in the audit trail."
          value={reason}
          onChange={(event) => {
            setReason(event.currentTarget.value);
            setError(null);
          }}
          onKeyDown={(event) => {
            // Enter submits; Shift+Enter starts a new line.
            if (event.key === 'Enter' && !event.shiftKey) {
              event.preventDefault();
              submit();
            }
          }}
          error={error}
          maxLength={MAX_REASON}
          autosize
          minRows={2}
          required
          data-autofocus
        />
        {reject.isError && !error && (
          <Alert color="red" variant="light" title="Could not reject" data-testid="reject-error">
            {reject.error.message}
          </Alert>
        )}
        <Group justify="flex-end" gap="xs">
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
          <Button type="submit" color="red" loading={reject.isPending}>
            Reject recommendation
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
