import { createBrowserRouter } from 'react-router';
import { AccountPage } from '../features/account/account-page';
import { AdminPage } from '../features/admin/admin-page';
import { AuditPage } from '../features/audit/audit-page';
import { LoginPage } from '../features/auth/login-page';
import { RequireAuth } from '../features/auth/require-auth';
import { BacktestsPage } from '../features/backtests/backtests-page';
import { DashboardPage } from '../features/dashboard/dashboard-page';
import { JobsPage } from '../features/jobs/jobs-page';
import { LogsPage } from '../features/logs/logs-page';
import { MembersPage } from '../features/members/members-page';
import { NotFoundPage } from '../features/not-found/not-found-page';
import { OpportunitiesPage } from '../features/opportunities/opportunities-page';
import { OrdersPage } from '../features/orders/orders-page';
import { PortfoliosPage } from '../features/portfolios/portfolios-page';
import { PositionsPage } from '../features/positions/positions-page';
import { RecommendationsPage } from '../features/recommendations/recommendations-page';
import { RiskPage } from '../features/risk/risk-page';
import { SettingsPage } from '../features/settings/settings-page';
import { AppLayout } from '../features/shell/app-layout';
import { StrategiesPage } from '../features/strategies/strategies-page';

export const router = createBrowserRouter([
  { path: '/login', element: <LoginPage /> },
  {
    element: (
      <RequireAuth>
        <AppLayout />
      </RequireAuth>
    ),
    children: [
      { index: true, element: <DashboardPage /> },
      { path: 'positions', element: <PositionsPage /> },
      { path: 'portfolios', element: <PortfoliosPage /> },
      // Lazy like the calculator: the chart library loads only with the chain viewer.
      { path: 'chain', lazy: () => import('../features/chain/chain-page').then((m) => ({ Component: m.ChainPage })) },
      { path: 'strategies', element: <StrategiesPage /> },
      { path: 'opportunities', element: <OpportunitiesPage /> },
      { path: 'recommendations', element: <RecommendationsPage /> },
      { path: 'orders', element: <OrdersPage /> },
      { path: 'risk', element: <RiskPage /> },
      // Lazy: the chart library is only downloaded by those who open the calculator.
      {
        path: 'calculator',
        lazy: () => import('../features/calculator/calculator-page').then((m) => ({ Component: m.CalculatorPage })),
      },
      { path: 'backtests', element: <BacktestsPage /> },
      { path: 'logs', element: <LogsPage /> },
      { path: 'settings', element: <SettingsPage /> },
      { path: 'members', element: <MembersPage /> },
      { path: 'audit', element: <AuditPage /> },
      { path: 'account', element: <AccountPage /> },
      { path: 'admin', element: <AdminPage /> },
      { path: 'jobs', element: <JobsPage /> },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);
