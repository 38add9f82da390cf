// Duty shifts as time-of-day windows in Indian Standard Time (UTC+05:30, no daylight
// saving), and which minutes of the day a set of shifts leaves uncovered. Pure.

export const IST_OFFSET_MIN = 330;
export const DAY_MIN = 1440;

export interface Shift {
  /** Minutes after midnight IST the shift begins (inclusive). */
  start: number;
  /** Minutes after midnight IST it ends (exclusive); before `start`, it runs past midnight. */
  end: number;
}

export function minuteOfDayIst(at: Date): number {
  const m = Math.floor(at.getTime() / 60_000) + IST_OFFSET_MIN;
  return ((m % DAY_MIN) + DAY_MIN) % DAY_MIN;
}

export const istHour = (at: Date): number => Math.floor(minuteOfDayIst(at) / 60);

/** 'HH:MM' → minutes after midnight, or undefined when it is not a time of day. */
export function parseTimeOfDay(text: string): number | undefined {
  const m = /^([01][0-9]|2[0-3]):([0-5][0-9])$/.exec(text.trim());
  return m ? Number(m[1]) * 60 + Number(m[2]) : undefined;
}

export function formatTimeOfDay(minutes: number): string {
  const m = ((minutes % DAY_MIN) + DAY_MIN) % DAY_MIN;
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

/** No shift means always on duty. */
export function onDutyAtMinute(shift: Shift | undefined, minute: number): boolean {
  if (!shift) return true;
  return shift.start < shift.end
    ? minute >= shift.start && minute < shift.end
    : minute >= shift.start || minute < shift.end;
}

export const onDuty = (shift: Shift | undefined, at: Date): boolean => onDutyAtMinute(shift, minuteOfDayIst(at));

/** Which minutes of the day someone in `shifts` is on duty. */
export function dutyMask(shifts: (Shift | undefined)[]): Uint8Array {
  const mask = new Uint8Array(DAY_MIN);
  for (const s of shifts) for (let m = 0; m < DAY_MIN; m++) if (onDutyAtMinute(s, m)) mask[m] = 1;
  return mask;
}

export function orMasks(masks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(DAY_MIN);
  for (const mask of masks) for (let m = 0; m < DAY_MIN; m++) out[m] |= mask[m];
  return out;
}

/** The uncovered windows of a mask as [start, end) minute pairs. */
export function uncovered(mask: Uint8Array): [number, number][] {
  const out: [number, number][] = [];
  let start = -1;
  for (let m = 0; m <= DAY_MIN; m++) {
    const gap = m < DAY_MIN && mask[m] === 0;
    if (gap && start < 0) start = m;
    if (!gap && start >= 0) {
      out.push([start, m]);
      start = -1;
    }
  }
  return out;
}

export const describeWindows = (windows: [number, number][]): string =>
  windows.map(([a, b]) => `${formatTimeOfDay(a)}–${b === DAY_MIN ? '24:00' : formatTimeOfDay(b)}`).join(', ');
