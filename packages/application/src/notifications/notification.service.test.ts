import { describe, expect, it } from 'vitest';
import type { DailySummarySource, MailMessage } from '../ports';
import { inMemoryNotifications, type FakeUser } from '../testing/in-memory-notifications';
import { createNotificationService } from './notification.service';
import type { NotifyEvent } from './templates';

const T0 = new Date('2026-03-09T21:30:00Z');

const USERS: FakeUser[] = [
  { userId: 'u-alice', email: 'alice@example.com', clients: ['c-1'] },
  { userId: 'u-bob', email: 'bob@example.com', clients: ['c-2'] },
  { userId: 'u-off', email: 'off@example.com', clients: ['c-1'], disabled: true },
];

const fill: NotifyEvent = {
  kind: 'fill',
  key: 'order:o-1',
  accountId: 'acc-1',
  accountCode: 'DU111',
  orderId: 'o-1',
  symbol: 'SPY',
  quantity: -2,
  price: '1.25',
};

function setup(options: { summary?: DailySummarySource; failEnqueue?: boolean } = {}) {
  const store = inMemoryNotifications(USERS, { 'acc-1': 'c-1', 'acc-2': 'c-2' });
  const sent: MailMessage[] = [];
  const posted: { url: string; body: unknown }[] = [];
  const queued: string[] = [];
  const errors: unknown[] = [];
  let mailDown = false;
  const service = createNotificationService({
    repo: store.repo,
    mailer: {
      async send(message) {
        if (mailDown) throw new Error('connect ECONNREFUSED 127.0.0.1:2525');
        sent.push(message);
      },
      async verify() {},
    },
    webhook: {
      async post(url, body) {
        posted.push({ url, body });
      },
    },
    clock: { now: () => T0 },
    enqueueDelivery: async (id) => {
      if (options.failEnqueue) throw new Error('queue down');
      queued.push(id);
    },
    appUrl: 'https://ot.example.com',
    onError: (error) => errors.push(error),
    ...(options.summary ? { summary: options.summary } : {}),
  });
  return { ...store, service, sent, posted, queued, errors, setMailDown: (down: boolean) => (mailDown = down) };
}

describe('notify', () => {
  it('stores one row per member of the account’s client and wanted channel, and queues each', async () => {
    const { service, rows, queued } = setup();
    const ids = await service.notify(fill);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      userId: 'u-alice',
      channel: 'email',
      recipient: 'alice@example.com',
      event: 'fill',
      status: 'pending',
      subject: 'Filled: Sold 2 SPY in DU111',
      dedupeKey: 'fill:order:o-1:u-alice:email',
    });
    expect(rows[0]?.body).toContain('Sold 2 SPY at 1.25 in account DU111.');
    expect(rows[0]?.html).toContain('<h2');
    expect(ids).toEqual([rows[0]?.id]);
    expect(queued).toEqual(ids);
  });

  it('a replayed event is stored and queued once', async () => {
    const { service, rows, queued } = setup();
    await service.notify(fill);
    expect(await service.notify(fill)).toEqual([]);
    expect(rows).toHaveLength(1);
    expect(queued).toHaveLength(1);
  });

  it('follows preferences and only uses a webhook the user has set', async () => {
    const { service, repo, rows } = setup();
    await repo.setPreferences('u-alice', [{ event: 'fill', email: false, webhook: true }]);
    expect(await service.notify(fill)).toEqual([]);
    await repo.setChannels('u-alice', { webhookUrl: 'https://hooks.example.com/x', webhookFormat: 'slack' });
    await service.notify({ ...fill, key: 'order:o-2' });
    expect(rows.map((r) => [r.channel, r.recipient, r.html])).toEqual([
      ['webhook', 'https://hooks.example.com/x', null],
    ]);
  });

  it('the digest is not emailed by default; installation-wide events reach every enabled user', async () => {
    const { service, rows } = setup();
    await service.notify({
      kind: 'recommendations_digest',
      key: 'i-1:t',
      accountId: 'acc-1',
      accountCode: 'DU111',
      strategy: 'Wheel',
      count: 1,
      items: [{ symbol: 'SPY', action: 'sell_put', quantity: 1, limitPrice: null }],
    });
    expect(rows).toHaveLength(0);
    await service.notify({
      kind: 'kill_switch',
      key: 'k1',
      autotradeEnabled: false,
      changedBy: 'admin',
      cancelledOrders: 2,
    });
    expect(rows.map((r) => r.recipient).sort()).toEqual(['alice@example.com', 'bob@example.com']);
    expect(rows[0]?.subject).toBe('Kill switch engaged: automated trading off');
  });

  it('a risk alert without an account goes to its client, else to everyone', async () => {
    const { service, rows } = setup();
    const alert = { kind: 'risk_alert', severity: 'warning', alertKind: 'risk_rule', message: 'Too much SPY' } as const;
    await service.notify({ ...alert, key: 'a1', clientId: 'c-2' });
    expect(rows.map((r) => r.userId)).toEqual(['u-bob']);
    await service.notify({ ...alert, key: 'a2' });
    expect(rows).toHaveLength(3);
  });

  it('never throws into the caller: a storage or queue failure is reported and the caller carries on', async () => {
    const broken = setup();
    broken.repo.recipients = async () => {
      throw new Error('database down');
    };
    await expect(broken.service.notify(fill)).resolves.toEqual([]);
    expect(broken.errors).toHaveLength(1);

    const noQueue = setup({ failEnqueue: true });
    await expect(noQueue.service.notify(fill)).resolves.toEqual([]);
    expect(noQueue.rows).toMatchObject([{ status: 'pending' }]);
    expect(noQueue.errors).toHaveLength(1);
  });
});

describe('deliver', () => {
  it('sends an email with text and HTML, marks it sent, and does not send it twice', async () => {
    const { service, rows, sent } = setup();
    const [id] = await service.notify(fill);
    expect(await service.deliver(id!)).toBe('sent');
    expect(sent).toEqual([
      { to: 'alice@example.com', subject: 'Filled: Sold 2 SPY in DU111', text: rows[0]?.body, html: rows[0]?.html },
    ]);
    expect(rows[0]).toMatchObject({ status: 'sent', attempts: 1, sentAt: T0, error: null });
    expect(await service.deliver(id!)).toBe('already_sent');
    expect(sent).toHaveLength(1);
    expect(await service.deliver('nope')).toBe('unknown');
  });

  it('a mail server that is down: the attempt and its error are recorded and deliver throws for the queue to retry', async () => {
    const { service, rows, sent, setMailDown } = setup();
    const [id] = await service.notify(fill);
    setMailDown(true);
    await expect(service.deliver(id!)).rejects.toThrow(/ECONNREFUSED/);
    await expect(service.deliver(id!)).rejects.toThrow(/ECONNREFUSED/);
    expect(rows[0]).toMatchObject({ status: 'failed', attempts: 2, error: 'connect ECONNREFUSED 127.0.0.1:2525' });
    setMailDown(false);
    await service.deliver(id!);
    expect(rows[0]).toMatchObject({ status: 'sent', attempts: 3, error: null });
    expect(sent).toHaveLength(1);
  });

  it('posts webhooks in the user’s format', async () => {
    const { service, repo, posted } = setup();
    await repo.setPreferences('u-alice', [{ event: 'fill', email: false, webhook: true }]);
    for (const [n, format] of (['slack', 'discord', 'json'] as const).entries()) {
      await repo.setChannels('u-alice', { webhookUrl: 'https://hooks.example.com/x', webhookFormat: format });
      const [id] = await service.notify({ ...fill, key: `order:${n}` });
      await service.deliver(id!);
    }
    expect(posted[0]?.body).toEqual({ text: expect.stringMatching(/^\*Filled: Sold 2 SPY in DU111\*\nSold 2/) });
    expect(posted[1]?.body).toEqual({ content: expect.stringMatching(/^\*Filled/) });
    expect(posted[2]?.body).toMatchObject({
      event: 'fill',
      subject: 'Filled: Sold 2 SPY in DU111',
      createdAt: T0.toISOString(),
    });
  });

  it('a test notification goes to every channel set up, whatever the preferences', async () => {
    const { service, repo, rows } = setup();
    await repo.setPreferences('u-bob', [{ event: 'fill', email: false, webhook: false }]);
    await repo.setChannels('u-bob', { webhookUrl: 'https://hooks.example.com/b', webhookFormat: 'json' });
    await service.notify({ kind: 'test', key: 't1', userId: 'u-bob' });
    expect(rows.map((r) => [r.channel, r.event, r.subject])).toEqual([
      ['email', 'test', 'OptionsTrader test notification'],
      ['webhook', 'test', 'OptionsTrader test notification'],
    ]);
  });
});

describe('daily summary', () => {
  const summary: DailySummarySource = {
    async clientsOf(userId) {
      return userId === 'u-alice' ? [{ clientId: 'c-1', clientName: 'Family' }] : [];
    },
    async accounts() {
      return [
        {
          accountCode: 'DU111',
          label: 'Main',
          currency: 'USD',
          netLiquidation: '100000.00',
          dayPnl: '-250.50',
          positionsCount: 3,
          snapshotAsOf: T0,
        },
        {
          accountCode: 'DU222',
          label: null,
          currency: 'USD',
          netLiquidation: null,
          dayPnl: null,
          positionsCount: 0,
          snapshotAsOf: null,
        },
      ];
    },
    async pendingRecommendations() {
      return 4;
    },
  };

  it('one per user in a client, for the New York day, with unknown values shown as unknown (never 0)', async () => {
    const { service, rows } = setup({ summary });
    expect(await service.dailySummary(T0)).toEqual({ users: 2, queued: 1 });
    expect(rows).toHaveLength(1);
    const [row] = rows;
    expect(row).toMatchObject({ userId: 'u-alice', subject: 'Daily summary for 2026-03-09', event: 'daily_summary' });
    expect(row?.body).toContain('Family | DU111 (Main) | 100000.00 USD | -250.50 USD | 3');
    expect(row?.body).toContain('Family | DU222 | unknown | unknown | 0');
    expect(row?.body).toContain('Family: 4 recommendation(s) pending approval.');
    expect(row?.html).toContain(
      '<td style="text-align:left;padding:4px 8px;border-bottom:1px solid #ddd">unknown</td>',
    );
    // The same day again: nothing new.
    expect(await service.dailySummary(new Date(T0.getTime() + 60_000))).toEqual({ users: 2, queued: 0 });
  });

  it('skips users who turned the summary off', async () => {
    const { service, repo, rows } = setup({ summary });
    await repo.setPreferences('u-alice', [{ event: 'daily_summary', email: false, webhook: true }]);
    await service.dailySummary(T0);
    expect(rows).toHaveLength(0);
  });
});
