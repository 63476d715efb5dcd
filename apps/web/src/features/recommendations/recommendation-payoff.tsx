// The payoff at expiry of the position a selected recommendation leaves open (see position-payoff.ts), drawn with the
// calculator's payoff chart, with its breakevens and extremes; the spot comes from the stored chain when known.
import { Stack, Text } from '@mantine/core';
import type { RecommendationView } from '@optionstrader/contracts';
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { formatSignedMoney } from '../calculator/format-number';
import { PayoffChart } from '../calculator/payoff-chart';
import { fetchChain } from '../dashboard/read.api';
import { formatExpiry, formatFixed } from '../dashboard/read-format';
import { breakevens, payoffLegs, positionExtremes, positionPayoffSeries, positionRange } from './position-payoff';

export function RecommendationPayoff({ recommendation }: { recommendation: RecommendationView }) {
  const plan = useMemo(() => payoffLegs(recommendation), [recommendation]);
  const expiry = plan.ok ? plan.expiry : null;
  // Same key as the chain page: a chain already open there is not fetched again.
  const chain = useQuery({
    queryKey: ['chain', recommendation.symbol, expiry],
    queryFn: () => fetchChain(recommendation.symbol, expiry),
    enabled: plan.ok,
    retry: false,
  });
  const spotText = chain.data?.underlyingPrice ?? null;
  const spot = spotText === null ? null : Number(spotText);

  const chart = useMemo(() => {
    if (!plan.ok) return null;
    const strike = plan.legs.find((l) => l.kind === 'option')?.strike ?? plan.legs[0]?.price ?? 0;
    const { from, to } = positionRange(plan.legs, spot);
    return {
      strike,
      from,
      to,
      series: positionPayoffSeries(plan.legs, from, to, spot ?? strike),
      evens: breakevens(plan.legs),
      extremes: positionExtremes(plan.legs),
    };
  }, [plan, spot]);

  if (!plan.ok || !chart) {
    return (
      <Text size="sm" c="dimmed" data-testid="payoff-unavailable">
        {plan.ok ? '' : plan.reason}
      </Text>
    );
  }
  const money = (value: number | null) => (value === null ? 'unlimited' : formatSignedMoney(value));
  return (
    <Stack gap={4} data-testid="recommendation-payoff">
      <Text size="xs" c="dimmed">
        P&amp;L at expiry{plan.expiry ? ` (${formatExpiry(plan.expiry)})` : ''} per unit of the order, from the legs’
        mid prices.
      </Text>
      <PayoffChart
        series={chart.series}
        strike={chart.strike}
        // Without a known spot the strike stands in, and the chart draws no spot mark that close to it.
        spot={spot ?? chart.strike}
        from={chart.from}
        to={chart.to}
        height={260}
        label={`Payoff at expiry of the ${recommendation.symbol} recommendation`}
      />
      <Text size="xs" data-testid="payoff-summary">
        Max profit {money(chart.extremes.maxProfit)} · max loss {money(chart.extremes.maxLoss)} · breakeven{' '}
        {chart.evens.length === 0 ? 'none' : chart.evens.map((x) => formatFixed(x, 2)).join(', ')}
        {spot !== null ? ` · spot ${formatFixed(spot, 2)}` : ''}
      </Text>
      {plan.notes.map((note) => (
        <Text key={note} size="xs" c="dimmed">
          {note}
        </Text>
      ))}
    </Stack>
  );
}
