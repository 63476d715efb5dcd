import { NotBuiltYet } from '../../components/not-built-yet';

export function OrdersPage() {
  return (
    <NotBuiltYet title="Orders">
      Working and past orders, paper and live, with their fills, executions and commissions, and the recommendation each
      came from.
    </NotBuiltYet>
  );
}
