// Requests drafted from the case (issue 17 item 2): the emergency disclosure request an operator
// files on a platform's law-enforcement portal, and the location request e-mailed to a telecom
// operator's nodal officer. Each carries the minimum its recipient needs: the account or number,
// the period, the ground and the case number; never the person's name, the post, notes or the
// location found so far. Pure: the API serves the draft, the rules and the mail template use
// the rest. The grounds are national law and live here; who asks is the state profile's requestingAgency.
import type { CaseState, TelecomOperator } from '../contract/case.js';

/** The ground of an emergency disclosure request to a platform (English: it goes to a platform). */
export const PLATFORM_EMERGENCY_GROUND =
  'Emergency disclosure: imminent threat to life (risk of suicide). The account below posted content indicating an ' +
  'intent to end their life; police must locate the person now to prevent death or serious physical injury.';

/** The ground of a location request to a telecom operator, in English and Hindi (it goes to people). */
export const TELECOM_LEGAL_GROUND: { en: string; hi: string } = {
  en: 'Section 94 of the Bharatiya Nagarik Suraksha Sanhita, 2023 (BNSS); imminent threat to life (risk of suicide)',
  hi: 'भारतीय नागरिक सुरक्षा संहिता, 2023 (BNSS) की धारा 94; जीवन को तत्काल खतरा (आत्महत्या का जोखिम)',
};

export const TELECOM_OPERATOR_NAMES: Record<TelecomOperator, string> = {
  jio: 'Reliance Jio',
  airtel: 'Bharti Airtel',
  vi: 'Vodafone Idea (Vi)',
  bsnl: 'BSNL',
};

const PLATFORM_NAMES: Record<string, string> = {
  facebook: 'Meta Platforms (Facebook)',
  instagram: 'Meta Platforms (Instagram)',
  whatsapp: 'WhatsApp',
  threads: 'Meta Platforms (Threads)',
};

/** How far before the post a platform request reaches by default. */
export const PLATFORM_WINDOW_BEFORE_MS = 48 * 3_600_000;

export interface RequestWindow {
  from: string;
  to: string;
}

export interface PlatformIdentifier {
  label: 'Handle' | 'Profile URL' | 'Alert reference';
  value: string;
}

export interface PlatformDraft {
  subject: string;
  text: string;
  platform: string;
  identifiers: PlatformIdentifier[];
  window: RequestWindow;
}

/** The account identifiers the alerts gave (handle, profile URL, the platform's own alert reference): only those. */
export function platformIdentifiers(state: Pick<CaseState, 'alerts'>): PlatformIdentifier[] {
  const out: PlatformIdentifier[] = [];
  const add = (label: PlatformIdentifier['label'], value: string | undefined) => {
    const v = value?.trim();
    if (v && !out.some((i) => i.label === label && i.value === v)) out.push({ label, value: v });
  };
  for (const a of state.alerts) {
    add('Handle', a.details.handle);
    add('Profile URL', a.details.profileUrl);
    if (a.channel !== 'phone') add('Alert reference', a.sourceRef);
  }
  return out;
}

/** From 48 hours before the earliest post (detected, or received when the alert gave no time) to now. */
export function platformWindow(state: Pick<CaseState, 'alerts' | 'openedAt'>, now: string): RequestWindow {
  const times = state.alerts.map((a) => Date.parse(a.detectedAt ?? a.receivedAt)).filter((t) => Number.isFinite(t));
  const first = times.length > 0 ? Math.min(...times) : Date.parse(state.openedAt);
  return { from: new Date(first - PLATFORM_WINDOW_BEFORE_MS).toISOString(), to: now };
}

/** The last `hours` hours up to now: what a telecom request asks about. */
export function telecomWindow(now: string, hours: number): RequestWindow {
  return { from: new Date(Date.parse(now) - hours * 3_600_000).toISOString(), to: now };
}

/** The text an operator pastes into the platform's law-enforcement portal (English). */
export function platformDraft(
  state: CaseState,
  opts: { now: string; desk: string; requestingAgency: string },
): PlatformDraft {
  const platformCode = state.alerts[0]?.platform ?? 'other';
  const platform = PLATFORM_NAMES[platformCode] ?? 'the platform';
  const identifiers = platformIdentifiers(state);
  const window = platformWindow(state, opts.now);
  const drill = state.drill ? 'DRILL (exercise with synthetic data, do not act): ' : '';
  const subject = `${drill}Emergency disclosure request: imminent threat to life, case ${state.caseId}`;
  const accounts =
    identifiers.length > 0
      ? identifiers.map((i) => `- ${i.label}: ${i.value}`).join('\n')
      : '- (the alert gave no account identifier: add the account before filing)';
  const text = [
    subject,
    '',
    `To: the law enforcement response team, ${platform}`,
    '',
    `Requesting agency: ${opts.requestingAgency}`,
    `Requested by: ${opts.desk}`,
    `Case number: ${state.caseId}`,
    '',
    `Ground: ${PLATFORM_EMERGENCY_GROUND}`,
    '',
    'Account:',
    accounts,
    '',
    `Period: from ${window.from} to ${window.to} (UTC)`,
    '',
    'Requested, for that account and period:',
    '- subscriber details (registered phone number and e-mail address)',
    '- recent login IP addresses, with times and ports',
    '- any location information',
    '',
    `Please answer on the portal as soon as possible, quoting case ${state.caseId}.`,
  ].join('\n');
  return { subject, text, platform: platformCode, identifiers, window };
}
