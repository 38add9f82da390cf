// The top of the case page: which case, how grave, where, how long since the alert, and
// a live countdown to the next escalation (or how long it is overdue).

import type { CaseState } from '../../../contract/case.js';
import { caseWorkflowId } from '../../../contract/ids.js';
import { formatDateTime, formatDuration, formatTime } from '../lib/format.js';
import { useNow } from '../lib/hooks.js';
import { defineStrings, useLang, useT } from '../lib/i18n.js';
import { label, recipientLabels, SEVERITY_LABELS, STAGE_LABELS, WAIT_LABELS } from '../lib/labels.js';
import { districtName, ENQUIRY_KIND_LABELS } from '../lib/step-form-strings.js';

const S = defineStrings(
  {
    title: 'Case {id}',
    stage: 'Stage',
    severity: 'Severity',
    drill: 'DRILL',
    overdue: 'Overdue',
    district: 'District',
    station: 'Police station',
    notLocated: 'not yet located',
    opened: 'Alert received',
    since: '{d} ago',
    next: 'Next escalation',
    dueIn: 'Level {level} in {d}',
    dueOver: 'Level {level} due {d} ago, sending now',
    waitingFor: 'waiting for {wait}; at {time}, to {who}',
    final: 'last automatic reminder: after it, a supervisor must act',
    noNext: 'No deadline running',
    level: 'Level {level}:',
    supervisor: 'Automatic reminders ran out: a supervisor must take charge (change the deadline).',
    temporal: 'Open in Temporal UI',
    best: 'Best location so far',
    confidence: 'confidence {n} of 3',
    receivedFrom: 'Came from',
    receivedFromValue: "{state}'s Jeevan, their case {id}",
    sentTo: 'Handed to',
    sentToValue: "{state}'s Jeevan, their case {id}",
    peerProgress: 'Their progress',
    peerAcknowledged: 'acknowledged',
    peerArrived: 'an officer arrived',
    peerOutcome: 'outcome recorded',
    peerNone: 'nothing yet',
    theirWork: 'What {state} had done',
    theirEnquiry: '{kind}: {status}',
    theirNote: 'Note',
  },
  {
    title: 'मामला {id}',
    stage: 'चरण',
    severity: 'गंभीरता',
    drill: 'अभ्यास',
    overdue: 'समय-सीमा पार',
    district: 'जनपद',
    station: 'थाना',
    notLocated: 'अभी स्थान नहीं मिला',
    opened: 'अलर्ट प्राप्त',
    since: '{d} पहले',
    next: 'अगला एस्केलेशन',
    dueIn: 'स्तर {level}, {d} में',
    dueOver: 'स्तर {level}, {d} पहले देय, भेजा जा रहा है',
    waitingFor: '{wait} की प्रतीक्षा; {time} पर, {who} को',
    final: 'अंतिम स्वचालित अनुस्मारक: इसके बाद पर्यवेक्षक को कार्य करना होगा',
    noNext: 'कोई समय-सीमा नहीं चल रही',
    level: 'स्तर {level}:',
    supervisor: 'स्वचालित अनुस्मारक समाप्त: पर्यवेक्षक को मामला सँभालना होगा (समय-सीमा बदलें)।',
    temporal: 'Temporal UI में खोलें',
    best: 'अब तक का सबसे अच्छा स्थान',
    confidence: 'विश्वसनीयता 3 में से {n}',
    receivedFrom: 'कहाँ से आया',
    receivedFromValue: '{state} का जीवन, उनका केस {id}',
    sentTo: 'किसे सौंपा',
    sentToValue: '{state} का जीवन, उनका केस {id}',
    peerProgress: 'उनकी प्रगति',
    peerAcknowledged: 'पावती दी',
    peerArrived: 'अधिकारी पहुँचे',
    peerOutcome: 'परिणाम दर्ज',
    peerNone: 'अभी कुछ नहीं',
    theirWork: '{state} ने क्या किया था',
    theirEnquiry: '{kind}: {status}',
    theirNote: 'नोट',
  },
);

export interface TemporalSettings {
  temporalUiUrl: string;
  temporalNamespace: string;
  /** This Jeevan's state and its peers (JEEVAN_STATE, JEEVAN_PEERS). */
  state?: string;
  peers?: string[];
}

export function temporalLink(settings: TemporalSettings, caseId: string): string {
  const base = settings.temporalUiUrl.replace(/\/+$/, '');
  return `${base}/namespaces/${encodeURIComponent(settings.temporalNamespace)}/workflows/${encodeURIComponent(caseWorkflowId(caseId))}`;
}

export function CaseHeader(props: { state: CaseState; temporal?: TemporalSettings }) {
  const { state } = props;
  const t = useT(S);
  const lang = useLang();
  const now = useNow(1000);
  const e = state.escalation;
  const severityClass = state.severity === 'normal' ? '' : ` badge-${state.severity}`;
  return (
    <header class="case-head card">
      <div class="case-title">
        <h1>{t('title', { id: state.caseId })}</h1>
        <ul class="case-badges" aria-label={`${t('stage')}, ${t('severity')}`}>
          <li class="badge badge-stage">{label(STAGE_LABELS, state.stage, lang)}</li>
          <li class={`badge${severityClass}`}>{label(SEVERITY_LABELS, state.severity, lang)}</li>
          {state.drill && <li class="badge badge-drill">{t('drill')}</li>}
          {e.overdue && <li class="badge badge-overdue">{t('overdue')}</li>}
        </ul>
        {props.temporal && (
          <a
            class="temporal-link"
            href={temporalLink(props.temporal, state.caseId)}
            target="_blank"
            rel="noopener noreferrer"
          >
            {t('temporal')}
          </a>
        )}
      </div>
      <dl class="case-facts">
        <div>
          <dt>{t('district')}</dt>
          <dd>
            {state.district ? districtName(state.district.code, lang) : <span class="muted">{t('notLocated')}</span>}
          </dd>
        </div>
        <div>
          <dt>{t('station')}</dt>
          <dd>{state.district?.policeStation ?? '—'}</dd>
        </div>
        <div>
          <dt>{t('opened')}</dt>
          <dd>
            {formatDateTime(state.openedAt, lang)} ·{' '}
            <span class="case-since">{t('since', { d: formatDuration(now - Date.parse(state.openedAt), lang) })}</span>
          </dd>
        </div>
        {state.locating.best && !state.district && (
          <div>
            <dt>{t('best')}</dt>
            <dd>
              {state.locating.best.summary}{' '}
              <span class="muted">({t('confidence', { n: state.locating.best.confidence })})</span>
            </dd>
          </div>
        )}
        <NetworkFacts state={state} />
      </dl>
      <Countdown state={state} now={now} />
    </header>
  );
}

/** A case from or to another state's Jeevan: which, their case, and (sent) how far they are. */
function NetworkFacts(props: { state: CaseState }) {
  const t = useT(S);
  const lang = useLang();
  const { receivedFrom: from, transfer } = props.state;
  const peer = transfer?.peer;
  const progress = [
    transfer?.acknowledged?.by.role === 'peer' && t('peerAcknowledged'),
    peer?.arrivedAt && t('peerArrived'),
    peer?.outcomeAt && t('peerOutcome'),
  ].filter(Boolean);
  return (
    <>
      {from && (
        <div class="case-network">
          <dt>{t('receivedFrom')}</dt>
          <dd>
            {t('receivedFromValue', { state: from.state, id: from.caseId })}
            {(from.enquiries.length > 0 || from.notes.length > 0) && (
              <details class="case-network-work">
                <summary>{t('theirWork', { state: from.state })}</summary>
                <ul>
                  {from.enquiries.map((e, i) => (
                    <li key={`e${i}`}>
                      {t('theirEnquiry', { kind: ENQUIRY_KIND_LABELS[e.kind]?.[lang] ?? e.kind, status: e.status })}
                      {e.summary ? ` · ${e.summary}` : ''}
                      {e.confidence !== undefined ? ` (${e.confidence}/3)` : ''}
                    </li>
                  ))}
                  {from.notes.map((n, i) => (
                    <li key={`n${i}`}>
                      {t('theirNote')}: {n.text}
                    </li>
                  ))}
                </ul>
              </details>
            )}
          </dd>
        </div>
      )}
      {transfer && peer?.caseId && (
        <>
          <div class="case-network">
            <dt>{t('sentTo')}</dt>
            <dd>{t('sentToValue', { state: transfer.toState, id: peer.caseId })}</dd>
          </div>
          <div class="case-network">
            <dt>{t('peerProgress')}</dt>
            <dd>{progress.length > 0 ? progress.join(' · ') : t('peerNone')}</dd>
          </div>
        </>
      )}
    </>
  );
}

function Countdown(props: { state: CaseState; now: number }) {
  const t = useT(S);
  const lang = useLang();
  const e = props.state.escalation;
  const next = e.next;
  const due = next ? Date.parse(next.dueAt) - props.now : 0;
  const late = next !== undefined && due <= 0;
  const soon = next !== undefined && !late && due < 60_000;
  const kind = e.supervisorRequired || late || e.overdue ? 'late' : soon ? 'soon' : 'calm';
  return (
    <section class={`countdown countdown-${kind}`} aria-labelledby="countdown-title">
      <h2 id="countdown-title" class="countdown-title">
        {t('next')}
      </h2>
      {next ? (
        <>
          {/* The ticking figure is hidden from screen readers (it would be read every second); the deadline's time is not. */}
          <p class="countdown-figure" aria-hidden="true">
            {late
              ? t('dueOver', { level: next.level, d: formatDuration(due, lang) })
              : t('dueIn', { level: next.level, d: formatDuration(due, lang) })}
          </p>
          <p class="countdown-detail">
            <span class="sr-only">{t('level', { level: next.level })} </span>
            {t('waitingFor', {
              wait: label(WAIT_LABELS, next.wait, lang),
              time: formatTime(next.dueAt, lang),
              who: next.notify.map((r) => label(recipientLabels(), r, lang)).join(', '),
            })}
            {next.final && <strong> · {t('final')}</strong>}
          </p>
        </>
      ) : (
        <p class="countdown-figure countdown-none">{t('noNext')}</p>
      )}
      {e.supervisorRequired && (
        <p class="countdown-supervisor" role="alert">
          {t('supervisor')}
        </p>
      )}
    </section>
  );
}
