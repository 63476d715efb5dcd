// Fetchers and hooks of the trading settings (kill switch, reduce-only, automation limits, order policy) and of each
// account's order mode (paper or live).
import {
  accountsTradingResponseSchema,
  accountTradingSchema,
  tradingSettingsResponseSchema,
  type AccountTradingView,
  type TradingSettingsPatch,
  type TradingSettingsView,
} from '@optionstrader/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { request } from '../../api/client';
import { invalidateOrderData } from '../orders/orders.api';

export const TRADING_SETTINGS_KEY = ['settings', 'trading'] as const;
export const ACCOUNTS_TRADING_KEY = ['accounts', 'trading'] as const;

type TradingSettingsResponse = TradingSettingsView & { cancelledOrders?: number | undefined };

export const fetchTradingSettings = (): Promise<TradingSettingsResponse> =>
  request('/api/settings/trading', { schema: tradingSettingsResponseSchema });

export const saveTradingSettings = (patch: TradingSettingsPatch): Promise<TradingSettingsResponse> =>
  request('/api/settings/trading', { method: 'PUT', body: patch, schema: tradingSettingsResponseSchema });

export const fetchAccountsTrading = () =>
  request('/api/accounts/trading', { schema: accountsTradingResponseSchema }).then((body) => body.accounts);

export const setOrderMode = (
  accountId: string,
  body: { mode: AccountTradingView['orderMode']; confirm?: string },
): Promise<AccountTradingView> =>
  request(`/api/accounts/${encodeURIComponent(accountId)}/order-mode`, {
    method: 'PUT',
    body,
    schema: accountTradingSchema,
  });

export const useTradingSettings = () =>
  // Another session (or the API) may flip the kill switch: keep the page honest.
  useQuery({ queryKey: TRADING_SETTINGS_KEY, queryFn: fetchTradingSettings, refetchInterval: 15_000 });

export function useSaveTradingSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: saveTradingSettings,
    onSuccess: (saved) => {
      queryClient.setQueryData(TRADING_SETTINGS_KEY, saved);
      // Turning automation off may have cancelled working orders.
      if (saved.cancelledOrders) return invalidateOrderData(queryClient);
      return undefined;
    },
  });
}

export const useAccountsTrading = () => useQuery({ queryKey: ACCOUNTS_TRADING_KEY, queryFn: fetchAccountsTrading });

export function useSetOrderMode() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({
      accountId,
      ...body
    }: {
      accountId: string;
      mode: AccountTradingView['orderMode'];
      confirm?: string;
    }) => setOrderMode(accountId, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ACCOUNTS_TRADING_KEY }),
  });
}
