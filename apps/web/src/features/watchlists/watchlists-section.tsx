// Watchlists: named symbol lists a strategy instance can add to its universe. Create, rename, edit the symbols and
// delete; the server validates (tickers, names) and its errors show beside the field.
import { Alert, Badge, Button, Group, Paper, Stack, TagsInput, Text, TextInput, Title } from '@mantine/core';
import type { WatchlistView } from '@optionstrader/contracts';
import { useId, useState } from 'react';
import { isApiError } from '../../api/api-error';
import { Guard } from '../access/use-access';
import { useCreateWatchlist, useDeleteWatchlist, useUpdateWatchlist, useWatchlists } from './watchlists.api';
import { normalizeSymbols, watchlistErrors, type WatchlistErrors } from './watchlist-issues';

export function WatchlistsSection() {
  const titleId = useId();
  const watchlists = useWatchlists();
  const [creating, setCreating] = useState(false);
  const list = watchlists.data?.watchlists ?? [];
  return (
    <Paper withBorder p="md" component="section" aria-labelledby={titleId} data-testid="watchlists" miw={0}>
      <Group justify="space-between" gap="xs" mb="xs">
        <Title order={2} size="h5" id={titleId}>
          Watchlists
        </Title>
        {!creating && (
          <Guard permission="trade" action="change watchlists">
            {(allowed) => (
              <Button size="xs" variant="default" onClick={() => setCreating(true)} disabled={!allowed}>
                New watchlist
              </Button>
            )}
          </Guard>
        )}
      </Group>
      <Text size="xs" c="dimmed" mb="xs">
        An instance whose settings name a watchlist adds its symbols to its own at every run.
      </Text>
      {watchlists.isError && (
        <Alert color="red" variant="light" title="Could not load the watchlists">
          {watchlists.error.message}
        </Alert>
      )}
      <Stack gap="xs">
        {creating && <WatchlistEditor watchlist={null} onClose={() => setCreating(false)} />}
        {watchlists.data && list.length === 0 && !creating && (
          <Text size="sm" c="dimmed">
            No watchlists yet.
          </Text>
        )}
        {list.map((watchlist) => (
          <WatchlistRow key={watchlist.id} watchlist={watchlist} />
        ))}
      </Stack>
    </Paper>
  );
}

function WatchlistRow({ watchlist }: { watchlist: WatchlistView }) {
  const [editing, setEditing] = useState(false);
  const remove = useDeleteWatchlist();
  if (editing) return <WatchlistEditor watchlist={watchlist} onClose={() => setEditing(false)} />;
  return (
    <Group
      justify="space-between"
      align="flex-start"
      gap="xs"
      py={6}
      wrap="nowrap"
      style={{ borderBottom: '1px solid var(--mantine-color-default-border)' }}
      data-testid="watchlist-row"
      data-name={watchlist.name}
    >
      <div style={{ minWidth: 0 }}>
        <Text size="sm" fw={600} style={{ overflowWrap: 'anywhere' }} data-testid="watchlist-name">
          {watchlist.name}
        </Text>
        <Group gap={4} mt={2} data-testid="watchlist-symbols">
          {watchlist.symbols.length === 0 ? (
            <Text size="xs" c="dimmed">
              No symbols.
            </Text>
          ) : (
            watchlist.symbols.map((symbol) => (
              <Badge key={symbol} variant="light" color="gray" size="sm" data-testid="watchlist-symbol">
                {symbol}
              </Badge>
            ))
          )}
        </Group>
        {remove.isError && (
          <Text size="xs" c="red">
            {remove.error.message}
          </Text>
        )}
      </div>
      <Guard permission="trade" action="change watchlists">
        {(allowed) => (
          <Group gap={4} wrap="nowrap">
            <Button size="compact-xs" variant="default" onClick={() => setEditing(true)} disabled={!allowed}>
              Edit
            </Button>
            <Button
              size="compact-xs"
              variant="subtle"
              color="red"
              loading={remove.isPending}
              disabled={!allowed}
              onClick={() => remove.mutate(watchlist.id)}
              aria-label={`Delete ${watchlist.name}`}
            >
              Delete
            </Button>
          </Group>
        )}
      </Guard>
    </Group>
  );
}

/** New (watchlist null) or edit: name and symbols; Save posts or patches. */
function WatchlistEditor({ watchlist, onClose }: { watchlist: WatchlistView | null; onClose: () => void }) {
  const [name, setName] = useState(watchlist?.name ?? '');
  const [symbols, setSymbols] = useState<string[]>(watchlist?.symbols ?? []);
  const [errors, setErrors] = useState<WatchlistErrors>({ other: [] });
  const create = useCreateWatchlist();
  const update = useUpdateWatchlist();
  const saving = create.isPending || update.isPending;
  const failure = create.error ?? update.error;

  const submit = () => {
    const body = { name: name.trim(), symbols: normalizeSymbols(symbols) };
    const onError = (error: Error) =>
      setErrors(isApiError(error) ? watchlistErrors(error.issues, body.symbols) : { other: [] });
    create.reset();
    update.reset();
    setErrors({ other: [] });
    if (watchlist) update.mutate({ id: watchlist.id, patch: body }, { onSuccess: onClose, onError });
    else create.mutate(body, { onSuccess: onClose, onError });
  };

  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
      noValidate
      data-testid="watchlist-editor"
    >
      <Stack gap="xs" p="xs" style={{ border: '1px solid var(--mantine-color-default-border)', borderRadius: 4 }}>
        <TextInput
          label="Watchlist name"
          value={name}
          onChange={(event) => {
            setName(event.currentTarget.value);
            setErrors((current) => ({ ...current, name: undefined }));
          }}
          error={errors.name}
          size="xs"
          maxLength={100}
        />
        <TagsInput
          label="Symbols"
          description="Enter, space or comma adds one"
          value={symbols}
          onChange={(next) => {
            setSymbols(normalizeSymbols(next));
            setErrors((current) => ({ ...current, symbols: undefined }));
          }}
          error={errors.symbols}
          splitChars={[',', ' ']}
          acceptValueOnBlur
          clearable
          size="xs"
        />
        {failure && (errors.other.length > 0 || (!errors.name && !errors.symbols)) && (
          <Alert color="red" variant="light" p="xs" title="Not saved">
            {failure.message}
          </Alert>
        )}
        <Group gap="xs" justify="flex-end">
          <Button variant="default" size="xs" onClick={onClose} disabled={saving}>
            Cancel
          </Button>
          <Button type="submit" size="xs" loading={saving}>
            {watchlist ? 'Save watchlist' : 'Create watchlist'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
