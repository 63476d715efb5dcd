import { NotBuiltYet } from '../../components/not-built-yet';

export function RecommendationsPage() {
  return (
    <NotBuiltYet title="Recommendations">
      Trades proposed by your strategies (sell put, sell call, roll, close), each with rationale, legs, limit price and
      a pre-trade risk check, for you to approve or reject.
    </NotBuiltYet>
  );
}
