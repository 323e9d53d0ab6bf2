import { TZDate } from '@date-fns/tz';

interface QuietConfig {
  QUIET_HOURS_START: string;
  QUIET_HOURS_END: string;
  TZ_APP: string;
}

const minutesOf = (hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  return h * 60 + m;
};

/** Whether local time (TZ_APP) is inside [start, end); a window may wrap midnight (21:00–07:00). Equal bounds = none. */
export function isQuietTime(at: Date, c: QuietConfig): boolean {
  const start = minutesOf(c.QUIET_HOURS_START);
  const end = minutesOf(c.QUIET_HOURS_END);
  if (start === end) return false;
  const local = new TZDate(at.getTime(), c.TZ_APP);
  const now = local.getHours() * 60 + local.getMinutes();
  return start < end ? now >= start && now < end : now >= start || now < end;
}

/** The first instant at or after `at` outside quiet hours (used to hold retries of night-refused messages). */
export function quietEndsAt(at: Date, c: QuietConfig): Date {
  if (!isQuietTime(at, c)) return at;
  const end = minutesOf(c.QUIET_HOURS_END);
  const local = new TZDate(at.getTime(), c.TZ_APP);
  const candidate = new TZDate(
    local.getFullYear(),
    local.getMonth(),
    local.getDate(),
    Math.floor(end / 60),
    end % 60,
    c.TZ_APP,
  );
  if (candidate.getTime() <= at.getTime()) candidate.setDate(candidate.getDate() + 1);
  return new Date(candidate.getTime());
}
