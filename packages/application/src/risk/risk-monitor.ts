// Watches the risk of every account and turns it into alerts: margin usage levels, rule verdicts, assignment risk.
//
// Decisions:
// - Once per crossing, not on every tick: the monitor remembers which conditions are active (per account, kind and
//   dedupe key, with their severity). A condition that stays active raises nothing more, even when its alert was
//   acknowledged meanwhile; when it clears, its alert is acknowledged on the system's behalf (`resolve`) and
//   forgotten, so a later return is a new crossing. A change of severity (warn → block) is a crossing too.
// - Margin usage has levels (none / warning / critical) with hysteresis: a level is entered when usage is above its
//   threshold and left only when usage is below threshold − `hysteresis`, so a book hovering at the limit does not
//   page on every run. A fall from critical to warning resolves the critical alert and raises a warning one.
// - Usage is the estimate (`risk.marginUsage`), else what the broker reports (`broker.marginUsage`); when both are
//   unknown, the margin level is left as it was (unknown is not "fine").
// - After a process start the first run reads the open alerts of these kinds back as the known conditions: an alert
//   whose condition cleared while the process was down is resolved, the margin level keeps its hysteresis across the
//   restart, and an alert still open is not raised again (the repository would return it untouched anyway).
// - An account whose risk cannot be read keeps its conditions as they were (neither raised nor resolved) and is
//   reported in `failures`; the other accounts still run. Runs are serialized.
import type { AccountRiskResponse } from '@optionstrader/contracts';
import type { AlertRecord, AlertSeverity, AlertsRepository, Clock } from '../ports';

export const RISK_MARGIN_USAGE = 'risk_margin_usage';
export const RISK_RULE = 'risk_rule';
export const RISK_ITM_NEAR_EXPIRY = 'risk_itm_near_expiry';
export const RISK_EX_DIVIDEND_ASSIGNMENT = 'risk_ex_dividend_assignment';

const KINDS = new Set([RISK_MARGIN_USAGE, RISK_RULE, RISK_ITM_NEAR_EXPIRY, RISK_EX_DIVIDEND_ASSIGNMENT]);

/** How many open alerts the first run reads back to learn the conditions a previous process left open. */
const OPEN_ALERTS_READ_BACK = 1_000;

export interface RiskMonitorDeps {
  /** Accounts to watch. */
  accounts(): Promise<{ id: string; accountCode: string }[]>;
  /** The risk of one account (the same object GET /api/accounts/{id}/risk returns). */
  accountRisk(accountId: string): Promise<AccountRiskResponse>;
  alerts: AlertsRepository;
  clock: Clock;
  /** Margin-usage level changes need the usage to come back this far below a threshold (default 0.02). */
  hysteresis?: number;
}

export interface RiskMonitorResult {
  /** Accounts looked at (including the failed ones). */
  accounts: number;
  /** Alerts created by this run (an alert that was already open is not listed). */
  raised: AlertRecord[];
  /** Open alerts acknowledged on the system's behalf because their condition cleared. */
  resolved: number;
  failures: { accountId: string; error: string }[];
}

export type MarginUsageLevel = 'none' | 'warning' | 'critical';

export interface MarginUsageThresholds {
  /** `marginUsageWarn`; null = off. */
  warning: number | null;
  /** `marginUsageMax`; null = off. */
  critical: number | null;
}

const RANK: Record<MarginUsageLevel, number> = { none: 0, warning: 1, critical: 2 };
const LEVELS = ['critical', 'warning'] as const;

/** The margin-usage level after `usage` is seen at level `current`: rises above a threshold, falls only below it − hysteresis. */
export function nextMarginUsageLevel(
  usage: number,
  current: MarginUsageLevel,
  thresholds: MarginUsageThresholds,
  hysteresis: number,
): MarginUsageLevel {
  const crossed =
    LEVELS.find((level) => {
      const threshold = thresholds[level];
      return threshold !== null && usage > threshold;
    }) ?? 'none';
  if (RANK[crossed] >= RANK[current]) return crossed;
  // Falling: the current level, or one below it, holds while usage has not come back clearly under its threshold.
  return (
    LEVELS.find((level) => {
      const threshold = thresholds[level];
      return RANK[level] <= RANK[current] && threshold !== null && usage >= threshold - hysteresis;
    }) ?? 'none'
  );
}

interface Condition {
  kind: string;
  dedupeKey: string;
  severity: AlertSeverity;
  message: string;
  payload: Record<string, unknown>;
}

type Known = Pick<Condition, 'kind' | 'dedupeKey' | 'severity'>;

const conditionId = (kind: string, dedupeKey: string): string => `${kind} ${dedupeKey}`;

const pct = (fraction: number): string => `${(fraction * 100).toFixed(1)}%`;
const amountFormat = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const amount = (decimal: string): string => amountFormat.format(Number(decimal));

function marginLevelOf(known: Map<string, Known>): MarginUsageLevel {
  let level: MarginUsageLevel = 'none';
  for (const k of known.values()) {
    if (k.kind !== RISK_MARGIN_USAGE) continue;
    const seen: MarginUsageLevel = k.severity === 'critical' ? 'critical' : 'warning';
    if (RANK[seen] > RANK[level]) level = seen;
  }
  return level;
}

/** The margin-usage condition at its new level; undefined when the usage is unknown (the level stays as it was). */
function marginCondition(
  r: AccountRiskResponse,
  current: MarginUsageLevel,
  hysteresis: number,
): Condition | null | undefined {
  const fromEstimate = r.risk?.marginUsage ?? null;
  const usage = fromEstimate ?? r.broker?.marginUsage ?? null;
  if (usage === null) return undefined;
  const source = fromEstimate !== null ? 'estimate' : 'broker';
  const thresholds = { warning: r.limits.effective.marginUsageWarn, critical: r.limits.effective.marginUsageMax };
  const level = nextMarginUsageLevel(usage, current, thresholds, hysteresis);
  if (level === 'none') return null;
  const threshold = thresholds[level] ?? 0;
  const maintenance =
    source === 'estimate' ? (r.risk?.margin.maintenanceMargin ?? null) : (r.broker?.maintMargin ?? null);
  const netLiquidation =
    source === 'estimate' ? (r.risk?.margin.netLiquidation ?? null) : (r.broker?.netLiquidation ?? null);
  const limit = level === 'critical' ? `${pct(threshold)} limit` : `${pct(threshold)} warning level`;
  const where =
    usage > threshold
      ? `is above the ${limit}`
      : `is just under the ${limit} (clears below ${pct(Math.max(0, threshold - hysteresis))})`;
  const figures =
    maintenance !== null && netLiquidation !== null
      ? ` (maintenance ${amount(maintenance)} of NLV ${amount(netLiquidation)})`
      : '';
  return {
    kind: RISK_MARGIN_USAGE,
    dedupeKey: `${r.accountId}:${level}`,
    severity: level,
    message: `${r.accountCode}: margin usage ${pct(usage)} ${where}${figures}`,
    payload: {
      accountId: r.accountId,
      accountCode: r.accountCode,
      level,
      usage,
      threshold,
      marginUsageWarn: thresholds.warning,
      marginUsageMax: thresholds.critical,
      hysteresis,
      source,
      maintenanceMargin: maintenance,
      netLiquidation,
    },
  };
}

function ruleConditions(r: AccountRiskResponse): Condition[] {
  const byKey = new Map<string, Condition>();
  for (const v of r.verdicts) {
    if (v.rule === 'margin_usage' || v.verdict === 'allow') continue;
    const dedupeKey = `${r.accountId}:${v.rule}:${v.symbol ?? ''}`;
    const severity: AlertSeverity = v.verdict === 'block' ? 'critical' : 'warning';
    // Two verdicts of one rule and ticker are one condition: the worse one speaks for it.
    if (byKey.get(dedupeKey)?.severity === 'critical') continue;
    byKey.set(dedupeKey, {
      kind: RISK_RULE,
      dedupeKey,
      severity,
      message: `${r.accountCode}: ${v.message}`,
      payload: {
        accountId: r.accountId,
        accountCode: r.accountCode,
        rule: v.rule,
        verdict: v.verdict,
        symbol: v.symbol ?? null,
      },
    });
  }
  return [...byKey.values()];
}

function assignmentConditions(r: AccountRiskResponse): Condition[] {
  const kindOf = { itm_near_expiry: RISK_ITM_NEAR_EXPIRY, ex_dividend: RISK_EX_DIVIDEND_ASSIGNMENT } as const;
  return r.positions.flatMap((p) => {
    const cause = p.assignmentRisk.cause;
    if (cause !== 'itm_near_expiry' && cause !== 'ex_dividend') return [];
    return [
      {
        kind: kindOf[cause],
        dedupeKey: `${r.accountId}:${p.positionId}`,
        severity: 'warning' as const,
        message: `${r.accountCode}: ${p.description}: ${p.assignmentRisk.reason}`,
        payload: {
          accountId: r.accountId,
          accountCode: r.accountCode,
          positionId: p.positionId,
          symbol: p.symbol,
          description: p.description,
          quantity: p.quantity,
          expiry: p.expiry,
          dte: p.dte,
          moneynessPct: p.moneynessPct,
          level: p.assignmentRisk.level,
          reason: p.assignmentRisk.reason,
        },
      },
    ];
  });
}

export type RiskMonitor = ReturnType<typeof createRiskMonitor>;

export function createRiskMonitor(deps: RiskMonitorDeps) {
  const { alerts, clock } = deps;
  const hysteresis = deps.hysteresis ?? 0.02;
  if (!(hysteresis >= 0 && hysteresis < 1)) throw new Error(`hysteresis must be in [0, 1): ${hysteresis}`);

  /** accountId → conditionId → the active condition. */
  const known = new Map<string, Map<string, Known>>();
  let readBack = false;
  let tail: Promise<unknown> = Promise.resolve();

  function serialized<T>(work: () => Promise<T>): Promise<T> {
    const next = tail.then(work, work);
    tail = next.catch(() => undefined);
    return next;
  }

  function knownOf(accountId: string): Map<string, Known> {
    const map = known.get(accountId) ?? new Map<string, Known>();
    known.set(accountId, map);
    return map;
  }

  async function readBackOpenAlerts(): Promise<void> {
    const open = await alerts.list({ acknowledged: false, limit: OPEN_ALERTS_READ_BACK });
    for (const a of open) {
      if (!KINDS.has(a.kind) || a.dedupeKey === null) continue;
      const accountId = a.dedupeKey.slice(0, a.dedupeKey.indexOf(':'));
      if (!accountId) continue;
      knownOf(accountId).set(conditionId(a.kind, a.dedupeKey), {
        kind: a.kind,
        dedupeKey: a.dedupeKey,
        severity: a.severity,
      });
    }
  }

  async function check(accountId: string, at: Date, result: RiskMonitorResult): Promise<void> {
    const risk = await deps.accountRisk(accountId);
    const mine = knownOf(accountId);
    const margin = marginCondition(risk, marginLevelOf(mine), hysteresis);
    const wanted = new Map<string, Condition>();
    for (const c of [...(margin ? [margin] : []), ...ruleConditions(risk), ...assignmentConditions(risk)]) {
      wanted.set(conditionId(c.kind, c.dedupeKey), c);
    }
    // Resolve first: a severity change under the same key must close the old alert before the new one is raised.
    // The bookkeeping follows each write, so a failed write is retried by the next run.
    for (const [id, k] of mine) {
      if (wanted.get(id)?.severity === k.severity) continue;
      if (margin === undefined && k.kind === RISK_MARGIN_USAGE) continue;
      result.resolved += await alerts.resolve(k.kind, k.dedupeKey, at);
      mine.delete(id);
    }
    for (const [id, c] of wanted) {
      if (mine.has(id)) continue;
      const { alert, created } = await alerts.raise({ ...c, accountId, at });
      mine.set(id, { kind: c.kind, dedupeKey: c.dedupeKey, severity: c.severity });
      if (created) result.raised.push(alert);
    }
  }

  return {
    /** One pass over every account. */
    run(): Promise<RiskMonitorResult> {
      return serialized(async () => {
        if (!readBack) {
          await readBackOpenAlerts();
          readBack = true;
        }
        const accounts = await deps.accounts();
        const at = clock.now();
        const result: RiskMonitorResult = { accounts: accounts.length, raised: [], resolved: 0, failures: [] };
        for (const account of accounts) {
          try {
            await check(account.id, at, result);
          } catch (error) {
            result.failures.push({
              accountId: account.id,
              error: error instanceof Error ? error.message : String(error),
            });
          }
        }
        return result;
      });
    },
  };
}
