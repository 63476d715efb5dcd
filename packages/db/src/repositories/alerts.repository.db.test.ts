import { describeDb } from '@optionstrader/testkit';
import { expect, it } from 'vitest';
import { queryRows } from '../query-rows';
import { brokerAccounts, clients } from '../schema/index';

const at = (minute: number) => new Date(Date.UTC(2026, 2, 9, 15, minute));

describeDb('alerts repository', (use) => {
  it('does not duplicate an alert of the same kind and key while one is open; a new one after acknowledgement', async () => {
    const { repositories } = use();
    const { alerts } = repositories;
    const first = await alerts.raise({
      kind: 'broker_sync_failed',
      severity: 'critical',
      message: 'down',
      payload: { lastError: 'boom' },
      at: at(0),
      dedupeKey: 'sim',
    });
    expect(first.created).toBe(true);
    expect(first.alert).toMatchObject({
      kind: 'broker_sync_failed',
      severity: 'critical',
      dedupeKey: 'sim',
      payload: { lastError: 'boom', dedupeKey: 'sim' },
      createdAt: at(0),
      acknowledgedAt: null,
    });

    const again = await alerts.raise({
      kind: 'broker_sync_failed',
      severity: 'critical',
      message: 'x',
      at: at(1),
      dedupeKey: 'sim',
    });
    expect(again).toEqual({ alert: first.alert, created: false });
    // Another key, or no key, is another condition.
    const other = await alerts.raise({
      kind: 'broker_sync_failed',
      severity: 'critical',
      message: 'y',
      at: at(1),
      dedupeKey: 'ibkr',
    });
    expect(other.created).toBe(true);
    const keyless = await alerts.raise({ kind: 'broker_sync_failed', severity: 'critical', message: 'z', at: at(1) });
    expect(keyless.created).toBe(true);
    expect(
      (await alerts.raise({ kind: 'broker_sync_failed', severity: 'critical', message: 'z', at: at(2) })).created,
    ).toBe(false);

    const user = await repositories.users.create({ email: 'ack@example.com', passwordHash: 'h', isAdmin: false });
    const acked = await alerts.acknowledge(first.alert.id, user!.id, at(3));
    expect(acked).toMatchObject({ id: first.alert.id, acknowledgedAt: at(3), acknowledgedBy: user!.id });
    const reopened = await alerts.raise({
      kind: 'broker_sync_failed',
      severity: 'critical',
      message: 'again',
      at: at(4),
      dedupeKey: 'sim',
    });
    expect(reopened.created).toBe(true);
    expect(reopened.alert.id).not.toBe(first.alert.id);
  });

  it('acknowledging is idempotent and an unknown or malformed id is null', async () => {
    const { alerts } = use().repositories;
    const { alert } = await alerts.raise({ kind: 'data_stale', severity: 'warning', message: 'old', at: at(0) });
    const once = await alerts.acknowledge(alert.id, null, at(1));
    const twice = await alerts.acknowledge(alert.id, null, at(2));
    expect(once?.acknowledgedAt).toEqual(at(1));
    expect(twice?.acknowledgedAt).toEqual(at(1));
    expect(await alerts.acknowledge('00000000-0000-4000-8000-000000000000', null, at(1))).toBeNull();
    expect(await alerts.acknowledge('not-a-uuid', null, at(1))).toBeNull();
  });

  it('resolve acknowledges the open alerts of a kind and key on the system behalf', async () => {
    const { alerts } = use().repositories;
    await alerts.raise({ kind: 'r_kind', severity: 'warning', message: 'a', at: at(0), dedupeKey: 'k1' });
    await alerts.raise({ kind: 'r_kind', severity: 'warning', message: 'b', at: at(0), dedupeKey: 'k2' });
    expect(await alerts.resolve('r_kind', 'k1', at(5))).toBe(1);
    expect(await alerts.resolve('r_kind', 'k1', at(6))).toBe(0);
    expect(await alerts.resolve('r_kind', null, at(7))).toBe(1);
    const rows = (await alerts.list({ limit: 100 })).filter((a) => a.kind === 'r_kind');
    expect(rows.map((a) => [a.dedupeKey, a.acknowledgedAt, a.acknowledgedBy])).toEqual(
      expect.arrayContaining([
        ['k1', at(5), null],
        ['k2', at(7), null],
      ]),
    );
  });

  it('lists newest first, filtered by acknowledgement, up to the limit', async () => {
    const { alerts } = use().repositories;
    const ids: string[] = [];
    for (const minute of [10, 30, 20]) {
      const { alert } = await alerts.raise({
        kind: `list_${minute}`,
        severity: 'info',
        message: `m${minute}`,
        at: at(minute),
      });
      ids.push(alert.id);
    }
    await alerts.acknowledge(ids[2]!, null, at(40));
    const all = (await alerts.list({ limit: 100 })).filter((a) => a.kind.startsWith('list_'));
    expect(all.map((a) => a.message)).toEqual(['m30', 'm20', 'm10']);
    const open = (await alerts.list({ acknowledged: false, limit: 100 })).filter((a) => a.kind.startsWith('list_'));
    expect(open.map((a) => a.message)).toEqual(['m30', 'm10']);
    const acked = (await alerts.list({ acknowledged: true, limit: 100 })).filter((a) => a.kind.startsWith('list_'));
    expect(acked.map((a) => a.message)).toEqual(['m20']);
    expect(await alerts.list({ limit: 1 })).toHaveLength(1);
  });

  it('raising concurrently still leaves one open alert per kind and key', async () => {
    const { alerts } = use().repositories;
    const results = await Promise.all(
      Array.from({ length: 5 }, () =>
        alerts.raise({ kind: 'race', severity: 'warning', message: 'r', at: at(0), dedupeKey: 'k' }),
      ),
    );
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(results.map((r) => r.alert.id)).size).toBe(1);
  });

  it("stores the account and client of an alert; one client's condition never swallows another's", async () => {
    const { repositories, database } = use();
    const { alerts } = repositories;
    const [a, b] = await database.db
      .insert(clients)
      .values([{ name: 'scope A' }, { name: 'scope B' }])
      .returning();
    const [accountA, accountB] = await database.db
      .insert(brokerAccounts)
      .values([
        { clientId: a!.id, broker: 'sim', accountCode: 'SCOPE-A', type: 'cash' },
        { clientId: b!.id, broker: 'sim', accountCode: 'SCOPE-B', type: 'cash' },
      ])
      .returning();
    const raise = (message: string, scope: { accountId?: string; clientId?: string }) =>
      alerts.raise({ kind: 'scoped', severity: 'warning', message, at: at(50), dedupeKey: 'k', ...scope });
    const created = [
      await raise('wide', {}),
      await raise('client A', { clientId: a!.id }),
      await raise('account A', { accountId: accountA!.id }),
      await raise('client B', { clientId: b!.id }),
      await raise('account B', { accountId: accountB!.id }),
    ];
    expect(created.map((r) => r.created)).toEqual([true, true, true, true, true]);
    expect((await raise('account A again', { accountId: accountA!.id })).alert.id).toBe(created[2]!.alert.id);
    const stored = await queryRows<{ message: string; account_id: string | null; client_id: string | null }>(
      database.db,
      `select message, account_id, client_id from alerts where kind = 'scoped' order by message`,
    );
    expect(stored).toEqual([
      { message: 'account A', account_id: accountA!.id, client_id: null },
      { message: 'account B', account_id: accountB!.id, client_id: null },
      { message: 'client A', account_id: null, client_id: a!.id },
      { message: 'client B', account_id: null, client_id: b!.id },
      { message: 'wide', account_id: null, client_id: null },
    ]);

    const seenBy = async (clientId: string, acknowledged?: boolean) =>
      (await alerts.listClientAlerts(clientId, { limit: 100, ...(acknowledged === undefined ? {} : { acknowledged }) }))
        .filter((alert) => alert.kind === 'scoped')
        .map((alert) => alert.message)
        .sort();
    expect(await seenBy(a!.id)).toEqual(['account A', 'client A', 'wide']);
    expect(await seenBy(b!.id)).toEqual(['account B', 'client B', 'wide']);
    await alerts.acknowledge(created[1]!.alert.id, null, at(51));
    expect(await seenBy(a!.id, false)).toEqual(['account A', 'wide']);
    expect(await seenBy(a!.id, true)).toEqual(['client A']);
    // The background list is everyone's.
    expect((await alerts.list({ limit: 100 })).filter((alert) => alert.kind === 'scoped')).toHaveLength(5);
  });
});
