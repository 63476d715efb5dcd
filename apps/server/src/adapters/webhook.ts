// The WebhookSender port: a JSON POST with a timeout; anything but a 2xx is a failure the queue retries.
import type { WebhookSender } from '@optionstrader/application';

const DEFAULT_TIMEOUT_MS = 10_000;

export function createWebhookSender(options: { timeoutMs?: number } = {}): WebhookSender {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  return {
    async post(url, body) {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'OptionsTrader-notifications' },
        body: JSON.stringify(body),
        // Never follow: a redirect could point the server at an address the user could not name directly.
        redirect: 'manual',
        signal: AbortSignal.timeout(timeoutMs),
      });
      // The body is drained so the connection can be reused; its content is not kept (it may echo secrets).
      await response.arrayBuffer().catch(() => undefined);
      if (response.status < 200 || response.status > 299) {
        throw new Error(`Webhook answered HTTP ${response.status}`);
      }
    },
  };
}
