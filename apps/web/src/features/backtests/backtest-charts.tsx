// The charts behind React.lazy: the chart library downloads only once a result is on screen, not with the form.
import { Skeleton } from '@mantine/core';
import { lazy, Suspense, type ComponentProps } from 'react';

const LazyEquity = lazy(() => import('./equity-chart').then((m) => ({ default: m.EquityChart })));
const LazyDrawdown = lazy(() => import('./equity-chart').then((m) => ({ default: m.DrawdownChart })));
const LazyCompare = lazy(() => import('./equity-chart').then((m) => ({ default: m.CompareChart })));

export function EquityChart(props: ComponentProps<typeof LazyEquity>) {
  return (
    <Suspense fallback={<Skeleton height={300} />}>
      <LazyEquity {...props} />
    </Suspense>
  );
}

export function DrawdownChart(props: ComponentProps<typeof LazyDrawdown>) {
  return (
    <Suspense fallback={<Skeleton height={160} />}>
      <LazyDrawdown {...props} />
    </Suspense>
  );
}

export function CompareChart(props: ComponentProps<typeof LazyCompare>) {
  return (
    <Suspense fallback={<Skeleton height={300} />}>
      <LazyCompare {...props} />
    </Suspense>
  );
}
