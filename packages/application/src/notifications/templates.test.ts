import { describe, expect, it } from 'vitest';
import { escapeHtml, renderNotification } from './templates';

describe('notification templates', () => {
  it('escape what comes from outside in the HTML, and leave the text readable as is', () => {
    const rendered = renderNotification(
      {
        kind: 'risk_alert',
        key: 'a1',
        severity: 'critical',
        alertKind: 'risk_rule',
        message: 'Margin <script>alert("x")</script> & more',
      },
      'https://ot.example.com/',
    );
    expect(rendered.subject).toBe('Risk alert (critical): Margin <script>alert("x")</script> & more');
    expect(rendered.text).toBe(
      [
        'Margin <script>alert("x")</script> & more',
        'Kind: risk_rule. Severity: critical.',
        '',
        'Open OptionsTrader: https://ot.example.com/',
        '',
      ].join('\n'),
    );
    expect(rendered.html).not.toContain('<script>');
    expect(rendered.html).toContain('Margin &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; more');
    expect(rendered.html).toContain('<a href="https://ot.example.com/">Open OptionsTrader</a>');
  });

  it('escapes every HTML-special character', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });

  it('a fill at an unknown price says so', () => {
    const rendered = renderNotification(
      {
        kind: 'fill',
        key: 'k',
        accountId: 'a',
        accountCode: 'DU1',
        orderId: 'o',
        symbol: 'AAPL',
        quantity: 100,
        price: null,
      },
      'http://localhost:8080',
    );
    expect(rendered.subject).toBe('Filled: Bought 100 AAPL in DU1');
    expect(rendered.text).toContain('Bought 100 AAPL at an unknown price in account DU1.');
  });

  it('names the kind of option event', () => {
    const rendered = renderNotification(
      {
        kind: 'assignment',
        key: 'k',
        accountId: 'a',
        accountCode: 'DU1',
        what: 'early_assignment',
        contract: 'SPY 260320P00500000',
        quantity: 1,
      },
      'http://localhost:8080',
    );
    expect(rendered.subject).toBe('Early assignment: SPY 260320P00500000 in DU1');
  });

  it('a summary with no accounts says so and still renders', () => {
    const rendered = renderNotification(
      { kind: 'daily_summary', key: 'd', userId: 'u', date: '2026-03-09', clients: [] },
      'http://localhost:8080',
    );
    expect(rendered.text).toContain('No broker accounts.');
    expect(rendered.html).not.toContain('<table');
  });
});
