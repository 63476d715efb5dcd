// Backtests: a form (with presets) that runs a strategy on historical data in the background, the run's progress and
// then its result, the history of past runs, and two runs compared. The open run and the comparison live in the URL
// (?run=<id>, ?compare=<a>,<b>), so a link points at them.
import { Alert, Stack, Text } from '@mantine/core';
import type { BacktestDetailView, StrategyDefinitionView } from '@optionstrader/contracts';
import { useEffect, useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import { PageHeader } from '../../components/page-header';
import { useStrategyDefinitions } from '../strategies/strategies.api';
import { BacktestFormPanel, type FormStart } from './backtest-form';
import { parseCompare } from './backtest-format';
import { BacktestHistory } from './backtest-history';
import { DEFAULT_FORM, formFromRequest } from './backtest-request-form';
import { BacktestResult } from './backtest-result';
import { useBacktestDatasets } from './backtests.api';
import { CompareView } from './compare-view';

function defaultStart(definitions: readonly StrategyDefinitionView[]): FormStart {
  const strategy = definitions.find((d) => d.slug === 'wheel')?.slug ?? definitions[0]?.slug ?? null;
  return { form: { ...DEFAULT_FORM, strategy }, config: {}, explicitDates: false };
}

export function BacktestsPage() {
  const definitions = useStrategyDefinitions();
  const datasets = useBacktestDatasets();
  const [params, setParams] = useSearchParams();
  const runId = params.get('run');
  const compare = parseCompare(params.get('compare'));
  // Replaced (and the form re-mounted under a new key) when a past run is loaded into it.
  const [start, setStart] = useState<{ key: number; value: FormStart } | null>(null);
  const [startedId, setStartedId] = useState<string | null>(null);
  const [scrollTo, setScrollTo] = useState<{ target: 'result' | 'form'; at: number } | null>(null);
  const resultRef = useRef<HTMLDivElement>(null);
  const formRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!scrollTo) return;
    const element = (scrollTo.target === 'result' ? resultRef : formRef).current;
    element?.scrollIntoView({ behavior: 'smooth', block: 'start' });
  }, [scrollTo]);

  const show = (patch: { run?: string | null; compare?: [string, string] | null }) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        if (patch.run !== undefined) {
          if (patch.run) next.set('run', patch.run);
          else next.delete('run');
        }
        if (patch.compare !== undefined) {
          if (patch.compare) next.set('compare', patch.compare.join(','));
          else next.delete('compare');
        }
        return next;
      },
      { replace: true },
    );

  const open = (id: string) => {
    show({ run: id, compare: null });
    setScrollTo({ target: 'result', at: Date.now() });
  };

  const editAsNew = (run: BacktestDetailView) => {
    setStart((current) => ({
      key: (current?.key ?? 0) + 1,
      value: {
        form: formFromRequest(run.request, run.request.name ?? run.name),
        config: run.request.config,
        explicitDates: true,
      },
    }));
    setScrollTo({ target: 'form', at: Date.now() });
  };

  const loadError = definitions.error ?? datasets.error;
  return (
    <Stack gap="md">
      <PageHeader title="Backtests" />
      <Text size="xs" c="dimmed">
        Runs a strategy’s own code day by day on historical prices, with model (or real) option chains, bid/ask fills,
        fees, assignment and the account’s risk rules. The run continues on the server; you can leave this page.
      </Text>
      {loadError && (
        <Alert color="red" variant="light" title="Could not load the strategies or the data sets">
          {loadError.message}
        </Alert>
      )}
      {(definitions.isPending || datasets.isPending) && !loadError && (
        <Text size="sm" c="dimmed">
          Loading strategies and data sets…
        </Text>
      )}
      {definitions.data && datasets.data && (
        <div ref={formRef} style={{ scrollMarginTop: 72 }}>
          <BacktestFormPanel
            key={start?.key ?? 0}
            definitions={definitions.data.definitions}
            datasets={datasets.data.datasets}
            start={start?.value ?? defaultStart(definitions.data.definitions)}
            onStarted={(id) => {
              setStartedId(id);
              open(id);
            }}
          />
        </div>
      )}
      <div ref={resultRef} style={{ scrollMarginTop: 72 }}>
        {compare ? (
          <CompareView ids={compare} onClose={() => show({ compare: null })} />
        ) : (
          runId && (
            <BacktestResult
              key={runId}
              id={runId}
              justStarted={runId === startedId}
              onEdit={editAsNew}
              onClose={() => show({ run: null })}
            />
          )
        )}
      </div>
      <BacktestHistory
        openId={runId}
        onOpen={open}
        onCompare={(ids) => {
          show({ compare: ids, run: null });
          setScrollTo({ target: 'result', at: Date.now() });
        }}
        onDeleted={(id) => {
          show({
            ...(id === runId ? { run: null } : {}),
            ...(compare?.includes(id) ? { compare: null } : {}),
          });
        }}
      />
    </Stack>
  );
}
