// The escalation ladder: every reminder already sent (level, when, to whom, whether the
// e-mail went through), then the one that comes next. Mail problems are said outright.
import type { CaseState, EscalationRecord, MailProblem } from '../../../contract/case.js';
import { formatTime } from '../lib/format.js';
import { defineStrings, useLang, useT } from '../lib/i18n.js';
import { label, recipientLabels, WAIT_LABELS } from '../lib/labels.js';

const S = defineStrings(
  {
    title: 'Escalation ladder',
    none: 'No escalation sent yet.',
    level: 'Level {n}',
    sent: 'sent {time}',
    waiting: 'waiting for {wait}',
    to: 'to {who}',
    delivered: 'E-mail sent',
    failing: 'E-mail not delivered yet; retrying ({error})',
    late: 'E-mail delivered late, at {time}',
    final: 'Final: a supervisor must act',
    next: 'Next',
    due: 'due {time}',
    mailTitle: 'E-mail problems',
    mailStep: '{step}, level {level}: since {time}: {error}',
    resolved: 'delivered at {time}',
    notification: 'District notification',
    overrides: 'Deadline changed by {who} to {time}: {reason}',
  },
  {
    title: 'एस्केलेशन सीढ़ी',
    none: 'अभी तक कोई एस्केलेशन नहीं भेजा गया।',
    level: 'स्तर {n}',
    sent: '{time} पर भेजा',
    waiting: '{wait} की प्रतीक्षा',
    to: '{who} को',
    delivered: 'ई-मेल भेजा गया',
    failing: 'ई-मेल अभी नहीं पहुँचा; फिर से भेजा जा रहा है ({error})',
    late: 'ई-मेल देर से पहुँचा, {time} पर',
    final: 'अंतिम: पर्यवेक्षक को कार्य करना होगा',
    next: 'अगला',
    due: '{time} पर देय',
    mailTitle: 'ई-मेल की समस्याएँ',
    mailStep: '{step}, स्तर {level}: {time} से: {error}',
    resolved: '{time} पर पहुँचा',
    notification: 'जनपद को सूचना',
    overrides: '{who} ने समय-सीमा {time} की: {reason}',
  },
);

const problemOf = (problems: MailProblem[], r: EscalationRecord) =>
  problems.find((p) => p.step === `escalation:${r.key}` && p.level === r.level);

export function CaseLadder(props: { state: CaseState }) {
  const t = useT(S);
  const lang = useLang();
  const e = props.state.escalation;
  const problems = props.state.mailProblems;
  const who = (roles: string[]) => roles.map((r) => label(recipientLabels(), r, lang)).join(', ');
  const otherProblems = problems.filter((p) => !p.step.startsWith('escalation:'));
  return (
    <section class="card case-ladder" aria-labelledby="ladder-title">
      <h2 id="ladder-title">{t('title')}</h2>
      {e.history.length === 0 && <p class="muted">{t('none')}</p>}
      <ol class="ladder">
        {e.history.map((r) => {
          const p = problemOf(problems, r);
          const status = p ? (p.resolved ? 'late' : 'failing') : 'delivered';
          return (
            <li key={`${r.key}:${r.level}`} class={`rung rung-sent rung-${status}${r.final ? ' rung-final' : ''}`}>
              <span class="rung-level">{t('level', { n: r.level })}</span>
              <span class="rung-body">
                <strong>{t('sent', { time: formatTime(r.firedAt, lang) })}</strong> ·{' '}
                {t('waiting', { wait: label(WAIT_LABELS, r.wait, lang) })} · {t('to', { who: who(r.notify) })}
                <br />
                <span class={`rung-status status-${status}`}>
                  {status === 'delivered' && t('delivered')}
                  {status === 'failing' && t('failing', { error: p?.lastError ?? '' })}
                  {status === 'late' && t('late', { time: formatTime(p?.resolved, lang) })}
                </span>
                {r.final && <strong class="rung-final-note"> · {t('final')}</strong>}
              </span>
            </li>
          );
        })}
        {e.next && (
          <li class="rung rung-next">
            <span class="rung-level">{t('level', { n: e.next.level })}</span>
            <span class="rung-body">
              <strong>
                {t('next')}: {t('due', { time: formatTime(e.next.dueAt, lang) })}
              </strong>{' '}
              · {t('waiting', { wait: label(WAIT_LABELS, e.next.wait, lang) })} · {t('to', { who: who(e.next.notify) })}
              {e.next.final && <strong> · {t('final')}</strong>}
            </span>
          </li>
        )}
      </ol>
      {e.overrides.length > 0 && (
        <ul class="ladder-overrides">
          {e.overrides.map((o) => (
            <li key={o.key}>
              {t('overrides', { who: o.by.name ?? o.by.id, time: formatTime(o.dueAt, lang), reason: o.reason })}
            </li>
          ))}
        </ul>
      )}
      {otherProblems.length > 0 && (
        <div class="notice notice-warning">
          <strong>{t('mailTitle')}</strong>
          <ul>
            {otherProblems.map((p) => (
              <li key={`${p.step}:${p.level}`}>
                {t('mailStep', {
                  step: p.step === 'district_notification' ? t('notification') : p.step,
                  level: p.level,
                  time: formatTime(p.since, lang),
                  error: p.resolved ? t('resolved', { time: formatTime(p.resolved, lang) }) : p.lastError,
                })}
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
