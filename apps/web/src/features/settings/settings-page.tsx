import { NotBuiltYet } from '../../components/not-built-yet';

export function SettingsPage() {
  return (
    <NotBuiltYet title="Settings">
      Broker connections, accounts, notifications, users, and the global auto-trading kill switch.
    </NotBuiltYet>
  );
}
