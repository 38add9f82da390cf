// Times as the SMC reads them: India Standard Time, 24-hour clock, and short durations.
import type { Lang } from './i18n.js';

const ZONE = 'Asia/Kolkata';

export function formatDateTime(iso: string | null | undefined, lang: Lang): string {
  if (!iso) return '—';
  return new Intl.DateTimeFormat(lang === 'hi' ? 'hi-IN' : 'en-IN', {
    timeZone: ZONE,
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(new Date(iso));
}

export function formatTime(iso: string | null | undefined, lang: Lang): string {
  if (!iso) return '—';
  return new Intl.DateTimeFormat(lang === 'hi' ? 'hi-IN' : 'en-IN', {
    timeZone: ZONE,
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).format(new Date(iso));
}

const UNITS: Record<Lang, { d: string; h: string; m: string; s: string }> = {
  en: { d: 'd', h: 'h', m: 'm', s: 's' },
  hi: { d: ' दिन', h: ' घं', m: ' मि', s: ' से' },
};

/** 1h 05m, 4m 09s, 12s (in Hindi: 1 घं 05 मि); negative durations are given as their absolute value. */
export function formatDuration(ms: number, lang: Lang = 'en'): string {
  const u = UNITS[lang];
  const total = Math.floor(Math.abs(ms) / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (h >= 24) return `${Math.floor(h / 24)}${u.d} ${h % 24}${u.h}`;
  if (h > 0) return `${h}${u.h} ${String(m).padStart(2, '0')}${u.m}`;
  if (m > 0) return `${m}${u.m} ${String(s).padStart(2, '0')}${u.s}`;
  return `${s}${u.s}`;
}
