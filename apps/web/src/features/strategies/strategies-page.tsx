import { NotBuiltYet } from '../../components/not-built-yet';

export function StrategiesPage() {
  return (
    <NotBuiltYet title="Strategies">
      Strategy definitions (Wheel, index short puts, covered calls, LEAPS/PMCC) and the instances configured per
      account, with their settings, last runs and auto-trade toggles.
    </NotBuiltYet>
  );
}
