// The order ticket of a recommendation being approved: quantity, limit price and TIF, re-checked by the server (a
// debounced preview) as they change — mode, mid, natural, the allowed band, the risk verdict, whether the market is
// open, and why approving would be refused. Approve is disabled while the preview refuses; Enter submits.
import {
  Alert,
  Badge,
  Button,
  Group,
  Input,
  Loader,
  NumberInput,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Text,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import type {
  ApproveResponse,
  OrderOverridesInput,
  OrderPreviewView,
  RecommendationView,
} from '@optionstrader/contracts';
import { useMemo, useState } from 'react';
import { isApiError } from '../../api/api-error';
import { parseNumber } from '../calculator/calculator-form';
import { formatFixed, formatQuantity } from '../dashboard/read-format';
import { Figure } from '../risk/risk-section';
import { ReasonsList, VerdictBadge } from '../risk/verdicts-list';
import { useApprove, useOrderPreview } from './decisions.api';
import {
  APPROVE_ERROR_TITLE,
  bandText,
  cashDirection,
  formFromDefaults,
  limitInWords,
  orderCash,
  overridesFromForm,
  sharesPerUnit,
  ticketDefaults,
  ticketErrorsFromIssues,
  type TicketDefaults,
  type TicketErrors,
  type TicketForm,
} from './order-ticket-form';
import { legInstrument, legUnits, netPriceText } from './recommendation-format';
import { RecommendationPayoff } from './recommendation-payoff';

/** Long enough to let a number be typed, short enough to feel live. */
const PREVIEW_DEBOUNCE_MS = 350;

interface OrderTicketProps {
  recommendation: RecommendationView;
  onApproved: (response: ApproveResponse) => void;
  onCancel: () => void;
}

/** Asks for the server's defaults first (a preview without overrides), then opens the editable ticket on them. */
export function OrderTicket({ recommendation, onApproved, onCancel }: OrderTicketProps) {
  const first = useOrderPreview(recommendation.id, {});
  if (first.isError) {
    return (
      <Stack gap="sm">
        <Alert color="red" variant="light" title="Could not prepare the order" data-testid="ticket-error">
          {first.error.message}
        </Alert>
        <Group justify="flex-end">
          <Button variant="default" size="sm" onClick={onCancel}>
            Close
          </Button>
        </Group>
      </Stack>
    );
  }
  if (!first.data) {
    return (
      <Group gap="xs" data-testid="ticket-loading">
        <Loader size="xs" />
        <Text size="sm">Checking the order against the current quotes…</Text>
      </Group>
    );
  }
  return (
    <TicketEditor
      recommendation={recommendation}
      defaults={ticketDefaults(first.data)}
      defaultBand={first.data.band}
      onApproved={onApproved}
      onCancel={onCancel}
    />
  );
}

interface TicketEditorProps extends OrderTicketProps {
  defaults: TicketDefaults;
  /** The band around the mid as the first preview saw it: a refused limit's preview has none to show. */
  defaultBand: OrderPreviewView['band'];
}

function TicketEditor({ recommendation: r, defaults, defaultBand, onApproved, onCancel }: TicketEditorProps) {
  const [form, setForm] = useState<TicketForm>(() => formFromDefaults(defaults));
  const [serverErrors, setServerErrors] = useState<TicketErrors>({});
  const approve = useApprove(r.id);

  const parsed = overridesFromForm(form, defaults);
  const key = parsed.ok ? JSON.stringify(parsed.overrides) : null;
  const [debouncedKey] = useDebouncedValue(key, PREVIEW_DEBOUNCE_MS);
  const asked = useMemo(
    () => (debouncedKey === null ? null : (JSON.parse(debouncedKey) as OrderOverridesInput)),
    [debouncedKey],
  );
  const preview = useOrderPreview(r.id, asked);
  // The preview answers exactly what is on screen (not an earlier value still shown while the next is checked).
  const current = key !== null && debouncedKey === key && !preview.isPlaceholderData && !preview.isFetching;
  const shown: OrderPreviewView | undefined = preview.data;
  const refused = current && shown !== undefined && !shown.ok;
  const previewIssues =
    current && preview.isError && isApiError(preview.error) ? ticketErrorsFromIssues(preview.error.issues) : null;

  const clientErrors = parsed.ok ? {} : parsed.errors;
  const errors: TicketErrors = { ...previewIssues?.fields, ...serverErrors, ...clientErrors };
  if (refused && shown?.refusal?.code === 'PRICE_OUT_OF_BAND') errors.limitPrice ??= shown.refusal.message;

  const update = (patch: Partial<TicketForm>) => {
    setForm((f) => ({ ...f, ...patch }));
    setServerErrors({});
    if (approve.isError) approve.reset();
  };

  const submit = () => {
    if (!parsed.ok || refused || approve.isPending) return;
    approve.mutate(parsed.overrides, {
      onSuccess: onApproved,
      onError: (error) => {
        if (isApiError(error)) {
          const { fields } = ticketErrorsFromIssues(error.issues);
          if (error.code === 'PRICE_OUT_OF_BAND') fields.limitPrice ??= error.message;
          setServerErrors(fields);
        }
      },
    });
  };

  const combo = r.legs.length > 1;
  const limit = parseNumber(form.limitPrice) ?? defaults.limitPrice;
  const quantity = parseNumber(form.quantity);
  const cash = orderCash(limit, quantity, sharesPerUnit(r.legs));
  const mode = shown?.mode ?? 'paper';
  const live = mode === 'live';

  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
      noValidate
      data-testid="order-ticket"
      data-mode={mode}
    >
      <Stack gap="sm">
        <ModeBanner mode={mode} accountCode={r.accountCode} />

        <Stack gap={2} data-testid="ticket-legs">
          {r.legs.map((leg, index) => (
            <Text key={index} size="sm" ff="monospace">
              {leg.side} {formatQuantity(String(legUnits(leg, quantity ?? defaults.quantity)))} {legInstrument(leg)}
            </Text>
          ))}
        </Stack>

        <SimpleGrid cols={{ base: 1, xs: 3 }} spacing="sm">
          <NumberInput
            label="Quantity"
            description={combo ? 'Combos' : r.legs[0]?.kind === 'stock' ? 'Shares' : 'Contracts'}
            value={form.quantity}
            onChange={(quantity) => update({ quantity })}
            error={errors.quantity}
            min={1}
            max={10_000}
            allowDecimal={false}
            allowNegative={false}
            clampBehavior="none"
            // The editor appears after the modal opened (it waits for the first preview): focus it on mount.
            autoFocus
            data-autofocus
            data-testid="ticket-quantity"
          />
          <NumberInput
            label={combo ? 'Net limit per share' : 'Limit per share'}
            description={
              combo ? '+ debit, − credit' : r.legs[0]?.side === 'SELL' ? 'Lowest you accept' : 'Most you pay'
            }
            value={form.limitPrice}
            onChange={(limitPrice) => update({ limitPrice })}
            error={errors.limitPrice}
            step={0.01}
            decimalScale={4}
            allowNegative={combo}
            clampBehavior="none"
            data-testid="ticket-limit"
          />
          <Input.Wrapper label="Time in force" description="GTC stays until filled or cancelled" error={errors.tif}>
            <SegmentedControl
              fullWidth
              data={[
                { value: 'DAY', label: 'DAY' },
                { value: 'GTC', label: 'GTC' },
              ]}
              value={form.tif}
              onChange={(tif) => update({ tif: tif === 'GTC' ? 'GTC' : 'DAY' })}
              aria-label="Time in force"
              data-testid="ticket-tif"
            />
          </Input.Wrapper>
        </SimpleGrid>
        <Text size="sm" data-testid="ticket-limit-words">
          {limitInWords(limit, r.legs)}
          {cash !== null && limit !== null && (
            <>
              {' · '}
              you {cashDirection(limit, r.legs)} {formatFixed(cash, 2)} in all, before commissions
            </>
          )}
        </Text>

        <PreviewFigures
          preview={shown}
          band={shown?.band ?? defaultBand}
          legCount={r.legs.length}
          checking={!current && key !== null}
        />

        {refused && shown?.refusal && (
          <Alert
            color="red"
            variant="light"
            title={APPROVE_ERROR_TITLE[shown.refusal.code] ?? 'Approving would be refused'}
            data-testid="ticket-refusal"
            data-code={shown.refusal.code}
          >
            {shown.refusal.message}
          </Alert>
        )}
        {preview.isError && current && (
          <Alert color="red" variant="light" title="Could not check the order" data-testid="ticket-preview-error">
            {preview.error.message}
          </Alert>
        )}
        {approve.isError && (
          <Alert
            color="red"
            variant="light"
            title={(isApiError(approve.error) && APPROVE_ERROR_TITLE[approve.error.code]) || 'Could not approve'}
            data-testid="ticket-approve-error"
            data-code={isApiError(approve.error) ? approve.error.code : undefined}
          >
            {approve.error.message}
          </Alert>
        )}

        <RecommendationPayoff recommendation={r} />

        <Group justify="flex-end" gap="xs">
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
          <Button
            type="submit"
            color={live ? 'red' : undefined}
            disabled={!parsed.ok || refused}
            loading={approve.isPending}
            data-testid="ticket-approve"
          >
            {live ? 'Approve and send LIVE order' : 'Approve paper order'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function ModeBanner({ mode, accountCode }: { mode: OrderPreviewView['mode']; accountCode: string }) {
  if (mode === 'live') {
    return (
      <Alert color="red" variant="filled" p="xs" data-testid="ticket-mode" data-mode="live">
        <Group gap="xs">
          <Badge color="white" c="red" size="lg" variant="filled">
            LIVE
          </Badge>
          <Text size="sm" fw={700}>
            Account {accountCode} trades live: this order goes to the broker with real money.
          </Text>
        </Group>
      </Alert>
    );
  }
  return (
    <Group gap="xs" data-testid="ticket-mode" data-mode="paper">
      <Badge color="gray" variant="light" size="lg">
        PAPER
      </Badge>
      <Text size="sm" c="dimmed">
        Simulated here against current quotes; nothing reaches the broker.
      </Text>
    </Group>
  );
}

function PreviewFigures({
  preview,
  band,
  legCount,
  checking,
}: {
  preview: OrderPreviewView | undefined;
  band: OrderPreviewView['band'];
  legCount: number;
  checking: boolean;
}) {
  return (
    <Stack gap="xs" data-testid="ticket-preview" data-checking={checking ? 'true' : 'false'}>
      <Group gap="lg" wrap="wrap" align="flex-start">
        <Figure label="Mid" data-testid="ticket-mid">
          {netPriceText(preview?.mid ?? null, legCount)}
        </Figure>
        <Figure label="Natural" data-testid="ticket-natural">
          {netPriceText(preview?.natural ?? null, legCount)}
        </Figure>
        <Figure label="Allowed limits" data-testid="ticket-band">
          {bandText(band, legCount)}
        </Figure>
        <Figure
          label="Market"
          data-testid="ticket-market"
          color={preview ? (preview.marketOpen ? 'teal' : 'orange') : undefined}
        >
          {preview ? (preview.marketOpen ? 'open' : 'closed') : '—'}
        </Figure>
        {checking && (
          <Group gap={4} pt="md">
            <Loader size={12} />
            <Text size="xs" c="dimmed">
              checking…
            </Text>
          </Group>
        )}
      </Group>
      {preview && !preview.marketOpen && (
        <Text size="xs" c="dimmed">
          The market is closed: the order waits and can fill from the next open.
        </Text>
      )}
      {preview?.risk ? (
        <Alert
          variant="light"
          p="xs"
          color={preview.risk.verdict === 'block' ? 'red' : preview.risk.verdict === 'warn' ? 'orange' : 'teal'}
          data-testid="ticket-risk"
          data-verdict={preview.risk.verdict}
        >
          <Stack gap={6}>
            <Group gap="xs">
              <VerdictBadge verdict={preview.risk.verdict} />
              <Text size="xs">
                {preview.risk.verdict === 'block'
                  ? 'The account’s risk rules refuse this order.'
                  : preview.risk.verdict === 'warn'
                    ? 'Allowed with warnings.'
                    : 'Allowed by the risk rules.'}
              </Text>
            </Group>
            {preview.risk.reasons.filter((reason) => reason.verdict !== 'allow').length > 0 && (
              <ReasonsList reasons={preview.risk.reasons.filter((reason) => reason.verdict !== 'allow')} />
            )}
          </Stack>
        </Alert>
      ) : (
        preview && (
          <Text size="xs" c="dimmed" data-testid="ticket-risk" data-verdict="none">
            No pre-trade risk check for this order.
          </Text>
        )
      )}
    </Stack>
  );
}
