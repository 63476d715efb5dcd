// What each notification says: pure functions from an event to a subject, a text body and an HTML body.
// Text is the primary form (webhooks post it, plain-text mail clients show it); the HTML says the same, escaped.
import type { SummaryAccountLine } from '../ports';

export interface DigestItem {
  symbol: string;
  action: string;
  quantity: number;
  /** Per share; null when it could not be priced. */
  limitPrice: string | null;
}

export interface SummaryClient {
  clientName: string;
  accounts: SummaryAccountLine[];
  pendingRecommendations: number;
}

/**
 * What happened, as the notification service receives it. `key` names the occurrence: the same key notified twice
 * (a replayed event, a retried job) is stored once per user and channel.
 */
export type NotifyEvent =
  | {
      kind: 'fill';
      key: string;
      accountId: string;
      accountCode: string;
      orderId: string;
      symbol: string;
      /** Signed: negative sold. */
      quantity: number;
      /** Per share; null when unknown. */
      price: string | null;
    }
  | {
      kind: 'assignment';
      key: string;
      accountId: string;
      accountCode: string;
      /** assignment, early_assignment, exercise or expiration. */
      what: string;
      contract: string;
      quantity: number;
    }
  | {
      kind: 'risk_alert';
      key: string;
      /** The account it is about (its client's members are told); absent: the client's, or everyone's. */
      accountId?: string | null;
      clientId?: string | null;
      severity: string;
      alertKind: string;
      message: string;
    }
  | { kind: 'connectivity'; key: string; message: string; recovered: boolean }
  | { kind: 'kill_switch'; key: string; autotradeEnabled: boolean; changedBy: string | null; cancelledOrders: number }
  | {
      kind: 'recommendations_digest';
      key: string;
      accountId: string;
      accountCode: string;
      strategy: string | null;
      count: number;
      items: DigestItem[];
    }
  | { kind: 'daily_summary'; key: string; userId: string; date: string; clients: SummaryClient[] }
  | { kind: 'test'; key: string; userId: string };

export interface Rendered {
  subject: string;
  text: string;
  html: string;
}

const UNKNOWN = 'unknown';

export function escapeHtml(value: string): string {
  return value
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

const money = (value: string | null, currency?: string) =>
  value === null ? UNKNOWN : currency ? `${value} ${currency}` : value;

const signed = (value: string | null) => (value === null || value.startsWith('-') ? value : `+${value}`);

/** A paragraph list and an optional table, as text and as HTML. */
interface Body {
  lines: string[];
  table?: { head: string[]; rows: string[][] };
}

function layout(subject: string, body: Body, appUrl: string): Rendered {
  const link = `${appUrl.replace(/\/$/, '')}/`;
  const textTable = body.table
    ? ['', body.table.head.join(' | '), ...body.table.rows.map((row) => row.join(' | '))]
    : [];
  const text = [...body.lines, ...textTable, '', `Open OptionsTrader: ${link}`, ''].join('\n');
  const cell = (tag: 'th' | 'td', value: string) =>
    `<${tag} style="text-align:left;padding:4px 8px;border-bottom:1px solid #ddd">${escapeHtml(value)}</${tag}>`;
  const htmlTable = body.table
    ? `<table style="border-collapse:collapse;margin:12px 0"><thead><tr>${body.table.head.map((h) => cell('th', h)).join('')}</tr></thead><tbody>${body.table.rows
        .map((row) => `<tr>${row.map((v) => cell('td', v)).join('')}</tr>`)
        .join('')}</tbody></table>`
    : '';
  const html = [
    '<!doctype html><html><body style="font-family:system-ui,sans-serif;color:#111;line-height:1.4">',
    `<h2 style="font-size:18px">${escapeHtml(subject)}</h2>`,
    ...body.lines.map((line) => `<p>${escapeHtml(line)}</p>`),
    htmlTable,
    `<p><a href="${escapeHtml(link)}">Open OptionsTrader</a></p>`,
    '</body></html>',
  ].join('\n');
  return { subject, text, html };
}

function summaryBody(event: Extract<NotifyEvent, { kind: 'daily_summary' }>): Body {
  const rows = event.clients.flatMap((client) =>
    client.accounts.map((a) => [
      client.clientName,
      a.label ? `${a.accountCode} (${a.label})` : a.accountCode,
      money(a.netLiquidation, a.currency),
      money(signed(a.dayPnl), a.currency),
      String(a.positionsCount),
    ]),
  );
  const pending = event.clients.map(
    (c) => `${c.clientName}: ${c.pendingRecommendations} recommendation(s) pending approval.`,
  );
  return {
    lines: [
      `Your book on ${event.date}.`,
      ...(rows.length === 0 ? ['No broker accounts.'] : []),
      ...pending,
      'Unknown values are shown as unknown: no snapshot (or no earlier one for the day P&L) was recorded.',
    ],
    ...(rows.length > 0
      ? { table: { head: ['Client', 'Account', 'Net liquidation', 'Day P&L', 'Positions'], rows } }
      : {}),
  };
}

export function renderNotification(event: NotifyEvent, appUrl: string): Rendered {
  switch (event.kind) {
    case 'fill': {
      const side = event.quantity < 0 ? 'Sold' : 'Bought';
      const qty = Math.abs(event.quantity);
      return layout(
        `Filled: ${side} ${qty} ${event.symbol} in ${event.accountCode}`,
        {
          lines: [
            `${side} ${qty} ${event.symbol} at ${event.price ?? 'an unknown price'} in account ${event.accountCode}.`,
            `Order ${event.orderId}.`,
          ],
        },
        appUrl,
      );
    }
    case 'assignment': {
      const what = event.what.replaceAll('_', ' ');
      return layout(
        `${what[0]?.toUpperCase() ?? ''}${what.slice(1)}: ${event.contract} in ${event.accountCode}`,
        { lines: [`${event.contract}: ${what} of ${event.quantity} contract(s) in account ${event.accountCode}.`] },
        appUrl,
      );
    }
    case 'risk_alert':
      return layout(
        `Risk alert (${event.severity}): ${event.message}`.slice(0, 200),
        { lines: [event.message, `Kind: ${event.alertKind}. Severity: ${event.severity}.`] },
        appUrl,
      );
    case 'connectivity':
      return layout(
        event.recovered ? 'Broker connection recovered' : 'Broker connection problem',
        { lines: [event.message] },
        appUrl,
      );
    case 'kill_switch':
      return layout(
        event.autotradeEnabled
          ? 'Kill switch released: automated trading on'
          : 'Kill switch engaged: automated trading off',
        {
          lines: [
            event.autotradeEnabled
              ? 'Automated trading was turned back on.'
              : 'Automated trading was turned off; no automated order is sent until it is turned on again.',
            `Changed by: ${event.changedBy ?? 'the system'}.`,
            ...(event.cancelledOrders > 0 ? [`${event.cancelledOrders} working automated order(s) cancelled.`] : []),
          ],
        },
        appUrl,
      );
    case 'recommendations_digest':
      return layout(
        `${event.count} new recommendation(s) for ${event.accountCode}`,
        {
          lines: [
            `${event.strategy ?? 'A strategy'} produced ${event.count} new recommendation(s) for account ${event.accountCode}; they wait for your approval.`,
          ],
          table: {
            head: ['Symbol', 'Action', 'Quantity', 'Limit'],
            rows: event.items.map((i) => [i.symbol, i.action, String(i.quantity), i.limitPrice ?? UNKNOWN]),
          },
        },
        appUrl,
      );
    case 'daily_summary':
      return layout(`Daily summary for ${event.date}`, summaryBody(event), appUrl);
    case 'test':
      return layout(
        'OptionsTrader test notification',
        { lines: ['This is a test: your notifications reach you here.'] },
        appUrl,
      );
  }
}
