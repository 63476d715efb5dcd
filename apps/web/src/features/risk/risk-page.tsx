import { NotBuiltYet } from '../../components/not-built-yet';

export function RiskPage() {
  return (
    <NotBuiltYet title="Risk">
      Account and portfolio risk: margin usage, buying power, concentration per ticker, portfolio greeks, VaR and stress
      scenarios, and the account-type rules in force.
    </NotBuiltYet>
  );
}
