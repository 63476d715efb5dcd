import { NotBuiltYet } from '../../components/not-built-yet';

export function LogsPage() {
  return (
    <NotBuiltYet title="Logs & Alerts">
      Risk, data and connectivity alerts to acknowledge, and the audit trail of every decision and order.
    </NotBuiltYet>
  );
}
