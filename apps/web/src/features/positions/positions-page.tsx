import { NotBuiltYet } from '../../components/not-built-yet';

export function PositionsPage() {
  return (
    <NotBuiltYet title="Positions">
      Open stock, ETF and option positions across your accounts, with quantity, cost basis, market value, P&L and
      greeks, grouped by underlying.
    </NotBuiltYet>
  );
}
