import type { OrderView, RecommendationView } from '@optionstrader/contracts';
import { expect, test } from 'vitest';
import { ordersByRecommendation, withDecided, type DecidedEntry } from './decided';

const ACCOUNT = '00000000-0000-4000-8000-0000000000a1';
const OTHER_ACCOUNT = '00000000-0000-4000-8000-0000000000a2';

const rec = (id: string, createdAt: string, overrides: Partial<RecommendationView> = {}) =>
  ({ id, createdAt, accountId: ACCOUNT, instanceId: null, status: 'pending', ...overrides }) as RecommendationView;
const order = (id: string, recommendationId: string | null, createdAt: string) =>
  ({ id, recommendationId, createdAt }) as OrderView;
const entry = (recommendation: RecommendationView): DecidedEntry => ({ recommendation, order: null });

test('a decided recommendation the pending list no longer holds keeps its place, newest first', () => {
  const a = rec('a', '2026-05-01T15:00:00.000Z');
  const b = rec('b', '2026-05-01T14:00:00.000Z', { status: 'submitted' });
  const c = rec('c', '2026-05-01T13:00:00.000Z');
  const decided = new Map([['b', entry(b)]]);
  expect(withDecided([a, c], decided, {}).map((r) => r.id)).toEqual(['a', 'b', 'c']);
  // Still in the list (the refetch has not happened yet): not doubled.
  expect(withDecided([a, rec('b', b.createdAt), c], decided, {}).map((r) => r.id)).toEqual(['a', 'b', 'c']);
});

test('same instant: the server’s tie-break by id, descending', () => {
  const at = '2026-05-01T15:00:00.000Z';
  const decided = new Map([['m', entry(rec('m', at, { status: 'rejected' }))]]);
  expect(withDecided([rec('z', at), rec('a', at)], decided, {}).map((r) => r.id)).toEqual(['z', 'm', 'a']);
});

test('a decided one outside the account or instance filter is not shown', () => {
  const decided = new Map([
    ['x', entry(rec('x', '2026-05-01T15:00:00.000Z', { accountId: OTHER_ACCOUNT }))],
    ['y', entry(rec('y', '2026-05-01T15:00:00.000Z', { instanceId: 'i-2' }))],
  ]);
  expect(withDecided([], decided, { accountId: ACCOUNT }).map((r) => r.id)).toEqual(['y']);
  expect(withDecided([], decided, { instanceId: 'i-1' })).toEqual([]);
});

test('orders by recommendation: the newest order wins; orders without one are skipped', () => {
  const byRec = ordersByRecommendation([
    order('o1', 'r1', '2026-05-01T14:00:00.000Z'),
    order('o2', 'r1', '2026-05-01T15:00:00.000Z'),
    order('o3', null, '2026-05-01T16:00:00.000Z'),
    order('o4', 'r2', '2026-05-01T13:00:00.000Z'),
  ]);
  expect(byRec.get('r1')?.id).toBe('o2');
  expect(byRec.get('r2')?.id).toBe('o4');
  expect(byRec.size).toBe(2);
});
