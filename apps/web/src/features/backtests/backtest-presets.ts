// Ready-made backtests that fill the form: the shared presets (packages/contracts/src/backtest-presets.ts) — the Cboe
// PUT and BXM rules on SPX with their conventions (mid fills, no commissions, index-sized, never stopping after a
// loss) and a Wheel on KO — as form values. The reference tests and the benchmark run the same requests.
import { BACKTEST_PRESETS as SHARED, backtestRequestSchema } from '@optionstrader/contracts';
import { type BacktestForm, formFromRequest } from './backtest-request-form';

export interface BacktestPreset {
  id: string;
  label: string;
  description: string;
  strategy: string;
  /** Laid over the strategy's defaults. */
  config: Record<string, unknown>;
  /** The whole form it sets. */
  form: BacktestForm;
  /** Datasets it needs (disabled when the server has not got one). */
  datasets: string[];
}

export const BACKTEST_PRESETS: readonly BacktestPreset[] = SHARED.map((preset) => {
  const request = backtestRequestSchema.parse(preset.request);
  return {
    id: preset.id,
    label: preset.label,
    description: preset.description,
    strategy: request.strategy,
    config: request.config,
    form: formFromRequest(request, request.name ?? null),
    datasets: [...request.underliers, ...(request.iv.source === 'index' ? [request.iv.dataset] : [])],
  };
});

/** The whole form a preset describes. */
export function presetForm(preset: BacktestPreset): BacktestForm {
  return { ...preset.form, strategy: preset.strategy };
}
