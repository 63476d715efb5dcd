import { NotBuiltYet } from '../../components/not-built-yet';

export function OpportunitiesPage() {
  return (
    <NotBuiltYet title="Opportunities">
      Option-chain scan results ranked by annualized return on risk, probability of profit and liquidity, with filters
      on delta, DTE, IV rank and spread.
    </NotBuiltYet>
  );
}
