// What the order flow tells the rest of the product (the notifications issue delivers these; today they are logged).
// Listeners must not throw into the flow: a failing listener is the listener's problem.

export type TradingEvent =
  | { type: 'recommendations_created'; instanceId: string; count: number; at: Date }
  | {
      type: 'order_submitted';
      orderId: string;
      accountCode: string;
      mode: 'paper' | 'live';
      automated: boolean;
      at: Date;
    }
  | { type: 'order_filled'; orderId: string; accountCode: string; symbol: string; quantity: number; at: Date }
  | { type: 'order_cancelled'; orderId: string; accountCode: string; reason: string | null; at: Date }
  | { type: 'order_rejected'; orderId: string; accountCode: string; reason: string | null; at: Date }
  | {
      type: 'option_event';
      kind: 'assignment' | 'exercise' | 'expiration' | 'early_assignment';
      accountId: string;
      symbol: string;
      quantity: number;
      at: Date;
    }
  | { type: 'kill_switch_changed'; enabled: boolean; by: string | null; cancelledOrders: number; at: Date };

export type TradingEventListener = (event: TradingEvent) => void;

export interface TradingEvents {
  publish(event: TradingEvent): void;
  subscribe(listener: TradingEventListener): () => void;
}

export function createTradingEvents(onListenerError: (error: unknown) => void = () => {}): TradingEvents {
  const listeners = new Set<TradingEventListener>();
  return {
    publish(event) {
      for (const listener of listeners) {
        try {
          listener(event);
        } catch (error) {
          onListenerError(error);
        }
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
