// Writes of the paper book inside a caller's transaction: paper positions moved by signed deltas, option events stored
// by dedupe key, and recommendations made to follow their orders' status.
import type { NewOptionEvent, PaperPositionDelta } from '@optionstrader/application';
import { addMoney, formatMoney, parseMoney, type Micros } from '@optionstrader/domain';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { queryRows } from '../query-rows';
import { optionEvents, positions } from '../schema/index';

const PAPER = 'paper';

const quantityText = (quantity: number, what: string): string => {
  if (!Number.isFinite(quantity)) throw new Error(`${what} is not a finite number: ${quantity}`);
  return String(quantity);
};

/**
 * Moves the account's paper positions (source 'paper', no sleeve): quantity += delta, cost basis += cost, and the
 * average cost per unit (contract, multiplier included — as the broker's rows store it) = basis ÷ quantity. A position
 * back at zero is deleted; the executions keep its history.
 */
export async function movePaperPositions(
  tx: Db,
  accountId: string,
  deltas: readonly PaperPositionDelta[],
  at: Date,
): Promise<void> {
  // Summed per instrument first: one statement must not move the same row twice.
  const byInstrument = new Map<string, { quantity: number; cost: Micros }>();
  for (const delta of deltas) {
    const seen = byInstrument.get(delta.instrumentId) ?? { quantity: 0, cost: addMoney() };
    byInstrument.set(delta.instrumentId, {
      quantity: seen.quantity + delta.quantity,
      cost: addMoney(seen.cost, parseMoney(delta.cost)),
    });
  }
  if (byInstrument.size === 0) return;
  for (const [instrumentId, delta] of byInstrument) {
    const quantity = quantityText(delta.quantity, `paper position delta of ${instrumentId}`);
    const cost = formatMoney(delta.cost, 0);
    await tx
      .insert(positions)
      .values({
        accountId,
        portfolioId: null,
        instrumentId,
        source: PAPER,
        quantity,
        costBasis: cost,
        avgCost: delta.quantity === 0 ? null : sql`round(${cost}::numeric / ${quantity}::numeric, 6)`,
        asOf: at,
        createdAt: at,
        updatedAt: at,
      })
      .onConflictDoUpdate({
        target: [positions.accountId, positions.instrumentId, positions.portfolioId, positions.source],
        set: {
          quantity: sql`${positions.quantity} + excluded.quantity`,
          costBasis: sql`coalesce(${positions.costBasis}, 0) + excluded.cost_basis`,
          avgCost: sql`case when ${positions.quantity} + excluded.quantity <> 0
            then round((coalesce(${positions.costBasis}, 0) + excluded.cost_basis) / (${positions.quantity} + excluded.quantity), 6)
            end`,
          asOf: sql`excluded.as_of`,
          updatedAt: sql`excluded.updated_at`,
        },
      });
  }
  await tx
    .delete(positions)
    .where(
      and(
        eq(positions.accountId, accountId),
        eq(positions.source, PAPER),
        inArray(positions.instrumentId, [...byInstrument.keys()]),
        eq(positions.quantity, '0'),
      ),
    );
}

/** Stores the events whose dedupe key is new; returns the keys stored. */
export async function insertOptionEvents(tx: Db, events: readonly NewOptionEvent[]): Promise<string[]> {
  const unique = [...new Map(events.map((event) => [event.dedupeKey, event])).values()];
  if (unique.length === 0) return [];
  const rows = await tx
    .insert(optionEvents)
    .values(
      unique.map((event) => ({
        kind: event.kind,
        accountId: event.accountId,
        instrumentId: event.instrumentId,
        quantity: quantityText(event.quantity, `option event ${event.dedupeKey} quantity`),
        occurredAt: event.occurredAt,
        source: event.source,
        dedupeKey: event.dedupeKey,
        raw: event.raw,
      })),
    )
    .onConflictDoNothing({ target: optionEvents.dedupeKey })
    .returning({ key: optionEvents.dedupeKey });
  return rows.map((row) => row.key);
}

/**
 * Every recommendation linked to an order (or to the one given) takes the status its order implies: submitted or
 * partly filled → submitted, filled → filled, ended (cancelled, rejected, inactive, expired) → cancelled, or filled
 * when something was filled first. A recommendation no order decided (pending, rejected, expired, superseded) and an
 * order still being created or cancelled leave it as it is. Returns how many changed.
 */
export async function followOrders(tx: Db, at: Date, orderId?: string): Promise<number> {
  const rows = await queryRows<{ id: string }>(
    tx,
    sql`update recommendations r set status = f.target, updated_at = ${at.toISOString()}::timestamptz
        from (
          select distinct on (o.recommendation_id) o.recommendation_id,
            case
              when o.status in ('submitted', 'partially_filled') then 'submitted'
              when o.status = 'filled' then 'filled'
              when o.status in ('cancelled', 'rejected', 'inactive', 'expired')
                then case when o.filled_quantity > 0 then 'filled' else 'cancelled' end
            end::recommendation_status as target
          from orders o
          where o.recommendation_id is not null ${orderId === undefined ? sql`` : sql`and o.id = ${orderId}::uuid`}
          order by o.recommendation_id, o.created_at desc, o.id desc
        ) f
        where r.id = f.recommendation_id and f.target is not null and r.status <> f.target
          and r.status in ('approved', 'submitted', 'filled', 'cancelled')
        returning r.id`,
  );
  return rows.length;
}
