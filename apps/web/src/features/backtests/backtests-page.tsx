import { NotBuiltYet } from '../../components/not-built-yet';

export function BacktestsPage() {
  return (
    <NotBuiltYet title="Backtests">
      Backtest runs of your strategies on historical data, with their statistics, trades and equity curves.
    </NotBuiltYet>
  );
}
