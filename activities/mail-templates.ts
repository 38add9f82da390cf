// The e-mails, in the profile's languages: English first, then the others. Every sentence
// comes from a strings file (activities/mail-strings/<lang>.ts); a label carries each
// language joined by " / ", a sentence is a line per language. Subjects carry only the case
// number, the kind of message and the district code: never a name, phone, handle or address.
// The state's names (its desk, its districts) come from its profile (domain/profiles/<code>/).
import { districtByCode } from '../domain/districts.js';
import type { Lang, StateProfile } from '../domain/profiles/index.js';
import { TELECOM_LEGAL_GROUND, TELECOM_OPERATOR_NAMES } from '../domain/requests.js';
import { MAIL_STRINGS, type MailStrings, SUBJECT_TAGS, type SubjectVars } from './mail-strings/index.js';
import type { MailJob } from './mail-types.js';

export interface RenderedMail {
  subject: string;
  text: string;
}

type Pick = (s: MailStrings, lang: Lang) => string;

/** The profile's languages, composed: `label` joins them with " / ", `lines` gives a line to each. */
function composer(profile: StateProfile) {
  const each = (pick: Pick) => profile.languages.map((l) => pick(MAIL_STRINGS[l], l));
  return {
    label: (pick: Pick) => each(pick).join(' / '),
    lines: (pick: Pick) => `${each(pick).join('\n')}\n`,
    /** The desk's name in a language (English when the profile has none in it). */
    desk: (l: Lang) => profile.smc[l] ?? profile.smc.en,
  };
}

/** An overdue enquiry: which, whose, how long it has run (at this level's due time, when it is sent). */
function enquiryLines(
  e: MailJob['facts']['enquiry'],
  levelDueAt: string | undefined,
  label: (pick: Pick) => string,
): string {
  if (!e) return '';
  const ranMin = Math.max(0, Math.round((Date.parse(levelDueAt ?? e.openedAt) - Date.parse(e.openedAt)) / 60_000));
  return (
    `${label((s) => s.enquiry)}: ${e.id} (${e.kind.replaceAll('_', ' ')}), ${label((s) => s.owner)}: ${e.owner}\n` +
    `${label((s) => s.openSince)}: ${e.openedAt} (${label((s) => s.runningFor(ranMin))})\n\n`
  );
}

export function renderMail(job: MailJob, caseUrl: string, profile: StateProfile): RenderedMail {
  const { label, lines, desk } = composer(profile);
  const district = job.districtCode ? districtByCode(job.districtCode, profile.code) : undefined;
  const where = district ? `${district.nameEn} / ${district.nameHi}` : label((s) => s.districtUnknown);
  const drillLine = job.drill ? `*** ${label((s) => s.drill)} ***\n\n` : '';
  const f = job.facts;
  const vars: SubjectVars = {
    caseId: job.caseId,
    code: job.districtCode ? ` ${job.districtCode}` : '',
    urgent: f.severity === 'critical' ? SUBJECT_TAGS.critical : '',
    level: job.level,
    toState: job.toState ?? '-',
  };
  const subject = (pick: (s: MailStrings) => (v: SubjectVars) => string) =>
    `${job.drill ? SUBJECT_TAGS.drill : ''}[Jeevan] ${label((s) => pick(s)(vars))}`;
  const caseLine = `${label((s) => s.case)}: ${job.caseId}\n`;
  const districtLine = `${label((s) => s.district)}: ${where}\n`;
  const stationLine = `${label((s) => s.policeStation)}: ${job.policeStation ?? '-'}\n`;
  const severityLine = `${label((s) => s.severity)}: ${f.severity}\n`;
  const stageLine = `${label((s) => s.stage)}: ${f.stage}\n`;
  const openedLine = `${label((s) => s.opened)}: ${f.openedAt}\n`;
  const footer = `\n${label((s) => s.openCase)}: ${caseUrl}\n\n${lines((s, l) => s.signature(desk(l)))}`;
  switch (job.template) {
    case 'district_notification':
      return {
        subject: subject((s) => s.subjectDistrictNotification),
        text:
          drillLine +
          `${lines((s) => s.districtNotification)}\n` +
          caseLine +
          districtLine +
          stationLine +
          `${label((s) => s.location)}: ${f.locationSummary ?? label((s) => s.seeTheCase)}\n` +
          severityLine +
          footer,
      };
    case 'transfer':
      return {
        subject: subject((s) => s.subjectTransfer),
        text:
          drillLine +
          `${lines((s, l) => s.transferIntro(desk(l), vars.toState))}\n` +
          caseLine +
          severityLine +
          '\n' +
          lines((s) => s.transferHowToAnswer) +
          footer,
      };
    case 'follow_up_reminder':
      return {
        subject: subject((s) => s.subjectFollowUp),
        text: `${drillLine}${lines((s) => s.followUp)}\n${caseLine}${districtLine}${stationLine}${footer}`,
      };
    case 'workflow_stopped': {
      const status = (f.workflowStatus ?? 'stopped').toLowerCase().replace('_', ' ');
      return {
        subject: subject((s) => s.subjectWorkflowStopped),
        text:
          drillLine +
          `${lines((s) => s.workflowStopped(job.caseId, status, f.stage))}\n` +
          stageLine +
          severityLine +
          districtLine +
          openedLine +
          footer,
      };
    }
    case 'telecom_request': {
      // To a telecom operator's nodal officer: the number, the period, the ground and the case
      // number; no name, no post, no location found so far, no link into Jeevan they cannot open.
      const t = f.telecom;
      const operator = job.telecomOperator ? TELECOM_OPERATOR_NAMES[job.telecomOperator] : '';
      return {
        subject: subject((s) => s.subjectTelecom),
        text:
          drillLine +
          `${lines((s) => s.telecomRequest(operator))}\n` +
          caseLine +
          `${label((s) => s.mobileNumber)}: ${t?.phone ?? '-'}\n` +
          `${label((s) => s.period)}: ${t?.from ?? '-'} ${label((s) => s.periodTo)} ${t?.to ?? '-'} (UTC)\n` +
          `${label((s) => s.legalGround)}: ${lines((_, l) => TELECOM_LEGAL_GROUND[l])}` +
          `${label((s) => s.replyNeededBy)}: ${t?.replyDueAt ?? '-'}\n\n` +
          `${label((s) => s.requestedBy)}: ${lines((s) => s.telecomReply(profile.requestingAgency, job.caseId))}\n` +
          lines((s, l) => s.telecomSignature(desk(l))),
      };
    }
    case 'escalation': {
      const waitingFor = f.waitingFor ?? 'locate';
      return {
        subject: subject((s) => s.subjectEscalation),
        text:
          drillLine +
          `${lines((s) => s.overdue(job.caseId, s.waiting[waitingFor], f.dueAt ?? '-'))}\n` +
          enquiryLines(f.enquiry, f.dueAt, label) +
          (f.final ? lines((s) => s.remindersExhausted) : '') +
          `${label((s) => s.escalationLevel)}: ${job.level}\n` +
          districtLine +
          stageLine +
          severityLine +
          openedLine +
          footer,
      };
    }
  }
}
