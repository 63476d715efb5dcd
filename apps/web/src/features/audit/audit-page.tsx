// The audit log (owners): who did what to which entity, from where, with the before/after of each change; filters by
// action (or a prefix like "auth."), entity, actor and time, and pages back with "Older".
import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Code,
  Group,
  Paper,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import type { AuditEntryView } from '@optionstrader/contracts';
import { Fragment, useState, type FormEvent } from 'react';
import { PageHeader } from '../../components/page-header';
import { useCan } from '../access/use-access';
import { useSessionInfo } from '../auth/session';
import { formatDateTime } from '../dashboard/read-format';
import { auditDiff } from './audit-diff';
import { auditQueryString, emptyAuditFilters, type AuditFilterField, type AuditFilterValues } from './audit-filters';
import { useAuditPage } from './audit.api';

export function AuditPage() {
  const canRead = useCan('manage');
  if (!canRead) {
    return (
      <Stack gap="md">
        <PageHeader title="Audit log" />
        <Text size="sm" c="dimmed" data-testid="audit-owners-only">
          Only owners of this client can read its audit log.
        </Text>
      </Stack>
    );
  }
  return <AuditLog />;
}

function AuditLog() {
  const [draft, setDraft] = useState<AuditFilterValues>(emptyAuditFilters);
  const [applied, setApplied] = useState<AuditFilterValues>(emptyAuditFilters);
  const [errors, setErrors] = useState<Partial<Record<AuditFilterField, string>>>({});
  // The `before` cursor of every page after the first; the last one is the page shown.
  const [cursors, setCursors] = useState<number[]>([]);
  const built = auditQueryString(applied, cursors.at(-1));
  const page = useAuditPage(built.ok ? built.query : '');

  const apply = (filters: AuditFilterValues) => {
    const checked = auditQueryString(filters);
    if (!checked.ok) {
      setErrors(checked.errors);
      return;
    }
    setErrors({});
    setApplied(filters);
    setCursors([]);
  };
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    apply(draft);
  };
  const field = (name: AuditFilterField) => ({
    value: draft[name],
    onChange: (event: { currentTarget: { value: string } }) => {
      const value = event.currentTarget.value;
      setDraft((d) => ({ ...d, [name]: value }));
    },
    error: errors[name],
  });

  return (
    <Stack gap="md">
      <PageHeader title="Audit log" />
      <Paper withBorder p="md" component="section" aria-labelledby="audit-filters-title">
        <Title order={2} size="h5" id="audit-filters-title" mb="xs">
          Filters
        </Title>
        <form onSubmit={onSubmit} noValidate aria-label="Audit filters">
          <Stack gap="sm">
            <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }} spacing="sm">
              <TextInput label="Action" description='Exact, or a prefix ending in "." (auth.)' {...field('action')} />
              <TextInput label="Entity type" description="e.g. membership, user, client" {...field('entityType')} />
              <TextInput label="Entity id" {...field('entityId')} />
              <TextInput label="Actor email" type="email" {...field('actor')} />
              <TextInput label="From" type="datetime-local" {...field('from')} />
              <TextInput label="To" type="datetime-local" {...field('to')} />
            </SimpleGrid>
            <Group justify="flex-end" gap="xs">
              <Button
                variant="default"
                onClick={() => {
                  setDraft(emptyAuditFilters);
                  apply(emptyAuditFilters);
                }}
              >
                Clear
              </Button>
              <Button type="submit">Apply filters</Button>
            </Group>
          </Stack>
        </form>
      </Paper>

      <Paper withBorder p="md" component="section" aria-labelledby="audit-entries-title">
        <Group justify="space-between" mb="xs" gap="xs">
          <Title order={2} size="h5" id="audit-entries-title">
            Entries{cursors.length > 0 ? ` · page ${cursors.length + 1}` : ''}
          </Title>
          <Group gap="xs">
            <Button
              size="compact-sm"
              variant="default"
              disabled={cursors.length === 0}
              onClick={() => setCursors((c) => c.slice(0, -1))}
            >
              Newer
            </Button>
            <Button
              size="compact-sm"
              variant="default"
              disabled={!page.data?.nextBefore}
              onClick={() => {
                const next = page.data?.nextBefore;
                if (next) setCursors((c) => [...c, next]);
              }}
            >
              Older
            </Button>
          </Group>
        </Group>
        {page.isPending && (
          <Text size="sm" c="dimmed">
            Loading the audit log…
          </Text>
        )}
        {page.isError && (
          <Alert color="red" variant="light" title="Could not load the audit log">
            {page.error.message}
          </Alert>
        )}
        {page.data && page.data.items.length === 0 && (
          <Text size="sm" c="dimmed" data-testid="audit-empty">
            No entries match.
          </Text>
        )}
        {page.data && page.data.items.length > 0 && <AuditTable entries={page.data.items} />}
      </Paper>
    </Stack>
  );
}

function AuditTable({ entries }: { entries: readonly AuditEntryView[] }) {
  const { clients } = useSessionInfo();
  const clientName = (id: string | null) =>
    id === null ? 'Installation' : (clients.find((c) => c.id === id)?.name ?? id.slice(0, 8));
  const [expanded, setExpanded] = useState<ReadonlySet<number>>(new Set());
  const toggle = (id: number) =>
    setExpanded((current) => {
      const next = new Set(current);
      if (!next.delete(id)) next.add(id);
      return next;
    });

  return (
    <Table.ScrollContainer minWidth={760} type="native">
      <Table striped verticalSpacing={4} fz="sm" data-testid="audit-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={32} />
            <Table.Th>Time</Table.Th>
            <Table.Th>Actor</Table.Th>
            <Table.Th>Action</Table.Th>
            <Table.Th>Entity</Table.Th>
            <Table.Th>Client</Table.Th>
            <Table.Th>IP</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {entries.map((entry) => {
            const open = expanded.has(entry.id);
            const hasChange = entry.before != null || entry.after != null;
            return (
              <Fragment key={entry.id}>
                <Table.Tr data-testid="audit-row" data-action={entry.action} data-audit-id={entry.id}>
                  <Table.Td>
                    {hasChange && (
                      <ActionIcon
                        variant="subtle"
                        size="sm"
                        onClick={() => toggle(entry.id)}
                        aria-expanded={open}
                        aria-label={`${open ? 'Hide' : 'Show'} the change of ${entry.action} at ${formatDateTime(entry.at)}`}
                      >
                        {open ? '▾' : '▸'}
                      </ActionIcon>
                    )}
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(entry.at)}</Table.Td>
                  <Table.Td style={{ overflowWrap: 'anywhere' }} data-testid="audit-actor">
                    {entry.actorEmail ?? (entry.actorUserId ? entry.actorUserId.slice(0, 8) : 'system')}
                  </Table.Td>
                  <Table.Td>
                    <Code data-testid="audit-action">{entry.action}</Code>
                  </Table.Td>
                  <Table.Td style={{ overflowWrap: 'anywhere' }}>
                    <Badge variant="light" size="sm" style={{ textTransform: 'none' }} data-testid="audit-entity-type">
                      {entry.entityType}
                    </Badge>{' '}
                    {entry.entityId && (
                      <Text span size="xs" ff="monospace" title={entry.entityId}>
                        {entry.entityId}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td style={{ overflowWrap: 'anywhere' }}>{clientName(entry.clientId)}</Table.Td>
                  <Table.Td ff="monospace" fz="xs">
                    {entry.ip ?? '—'}
                  </Table.Td>
                </Table.Tr>
                {open && (
                  <Table.Tr>
                    <Table.Td />
                    <Table.Td colSpan={6}>
                      <AuditChange before={entry.before} after={entry.after} />
                    </Table.Td>
                  </Table.Tr>
                )}
              </Fragment>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function AuditChange({ before, after }: { before: unknown; after: unknown }) {
  const rows = auditDiff(before, after);
  return (
    <Table withTableBorder verticalSpacing={2} fz="xs" aria-label="Before and after" data-testid="audit-diff">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Field</Table.Th>
          <Table.Th>Before</Table.Th>
          <Table.Th>After</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map((row) => (
          <Table.Tr key={row.field} data-changed={row.changed}>
            <Table.Td>{row.field}</Table.Td>
            <DiffCell value={row.before} changed={row.changed} color="red" />
            <DiffCell value={row.after} changed={row.changed} color="teal" />
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function DiffCell({ value, changed, color }: { value: string | null; changed: boolean; color: string }) {
  return (
    <Table.Td
      ff="monospace"
      c={changed && value !== null ? color : undefined}
      style={{ overflowWrap: 'anywhere', whiteSpace: 'pre-wrap' }}
    >
      {value ?? '—'}
    </Table.Td>
  );
}
