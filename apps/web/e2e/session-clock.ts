// A clock for the e2e server that runs at real speed but inside an NYSE regular session: one hour after the open of
// the latest session that has already begun that long ago. Paper orders then fill whatever the machine's time (the
// paper engine matches only during the session), and a test knows which case it is in.
import {
  isMarketOpen,
  newYorkDateOf,
  onOrBeforeTradingDay,
  previousTradingDay,
  sessionFor,
} from '@optionstrader/domain';

const HOUR_MS = 3_600_000;

export interface SessionClock {
  now(): Date;
  /** Whether the clock's time is inside the regular session (it is, for the next few hours). */
  marketOpen(): boolean;
}

export function sessionClock(realNow: number = Date.now()): SessionClock {
  let date = onOrBeforeTradingDay(newYorkDateOf(realNow));
  let session = sessionFor(date);
  if (!session || session.open + HOUR_MS > realNow) {
    date = previousTradingDay(date);
    session = sessionFor(date);
  }
  if (!session) throw new Error(`no session on ${date}`);
  // A few days back at most: sessions (7 days) and quotes stay valid in real time.
  const offset = session.open + HOUR_MS - realNow;
  const now = () => new Date(Date.now() + offset);
  return { now, marketOpen: () => isMarketOpen(now().getTime()) };
}
