import { NotBuiltYet } from '../../components/not-built-yet';

export function PortfoliosPage() {
  return (
    <NotBuiltYet title="Portfolios">
      The sleeves inside each broker account (for example a Wheel book or a TFSA covered-call overlay), with their
      positions, cash and performance.
    </NotBuiltYet>
  );
}
