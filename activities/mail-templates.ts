// Bilingual (English and Hindi) e-mails. Subjects carry only the case number, the kind of
// message and the district code: never a name, phone, handle or address. The state's names
// (its desk, its districts) come from its profile (domain/profiles/<code>/).
import type { WaitKind } from '../contract/policy.js';
import { districtByCode } from '../domain/districts.js';
import type { StateProfile } from '../domain/profiles/index.js';
import { TELECOM_LEGAL_GROUND, TELECOM_OPERATOR_NAMES } from '../domain/requests.js';
import type { MailJob } from './mail-types.js';

export interface RenderedMail {
  subject: string;
  text: string;
}

const WAITING: Record<WaitKind, [string, string]> = {
  locate: ['location of the person', 'व्यक्ति की लोकेशन'],
  enquiry: ['the result of a line of enquiry', 'जाँच की एक दिशा का परिणाम'],
  notify: ['notification of the district', 'जनपद को सूचना'],
  review: ['a decision on a case not located', 'लोकेशन न मिलने वाले केस पर निर्णय'],
  transfer_ack: ["the other state's acknowledgement", 'दूसरे राज्य की पावती'],
  acknowledge: ['acknowledgement by the district', 'जनपद द्वारा पावती'],
  arrive: ['police arrival at the place', 'पुलिस का मौके पर पहुँचना'],
  outcome: ['the outcome', 'परिणाम'],
  sign_off: ["the supervisor's sign-off", 'पर्यवेक्षक की स्वीकृति'],
  follow_up: ['the welfare check', 'कुशलता जाँच'],
  learning_review: ['the learning review before sign-off', 'साइन-ऑफ से पहले सीख समीक्षा'],
};

/** An overdue enquiry: which, whose, how long it has run (at this level's due time, when it is sent). */
function enquiryLines(e: MailJob['facts']['enquiry'], levelDueAt: string | undefined): string {
  if (!e) return '';
  const ranMin = Math.max(0, Math.round((Date.parse(levelDueAt ?? e.openedAt) - Date.parse(e.openedAt)) / 60_000));
  return (
    `Enquiry / जाँच: ${e.id} (${e.kind.replaceAll('_', ' ')}), owner / ज़िम्मेदार: ${e.owner}\n` +
    `Open since / कब से: ${e.openedAt} (running for ${ranMin} min / ${ranMin} मिनट से जारी)\n\n`
  );
}

/** The desk's name in the e-mails' two languages (English, and the state's Hindi name or English again). */
function deskNames(profile: StateProfile): { en: string; hi: string } {
  return { en: profile.smc.en, hi: profile.smc.hi ?? profile.smc.en };
}

export function renderMail(job: MailJob, caseUrl: string, profile: StateProfile): RenderedMail {
  const district = job.districtCode ? districtByCode(job.districtCode, profile.code) : undefined;
  const desk = deskNames(profile);
  const where = district ? `${district.nameEn} / ${district.nameHi}` : 'district not yet known / जनपद अभी ज्ञात नहीं';
  const drill = job.drill ? 'DRILL ' : '';
  const drillLine = job.drill
    ? '*** DRILL: this is an exercise with synthetic data. / अभ्यास: यह कृत्रिम डेटा वाला अभ्यास है। ***\n\n'
    : '';
  const f = job.facts;
  const urgent = f.severity === 'critical' ? 'CRITICAL ' : '';
  const code = job.districtCode ? ` ${job.districtCode}` : '';
  const footer = `\nOpen the case / केस खोलें: ${caseUrl}\n\nJeevan, ${desk.en}. Do not forward: this message concerns a person in crisis.\nजीवन, ${desk.hi}। आगे न भेजें: यह संदेश संकट में फँसे व्यक्ति से संबंधित है।\n`;
  switch (job.template) {
    case 'district_notification':
      return {
        subject: `${drill}[Jeevan] ${urgent}${job.caseId}: person at risk, act now${code} / जीवन: तुरंत कार्रवाई करें`,
        text:
          drillLine +
          `A person at risk of suicide has been located in your area. Send a team now and acknowledge in Jeevan.\n` +
          `आपके क्षेत्र में आत्महत्या के जोखिम वाले व्यक्ति की लोकेशन मिली है। तुरंत टीम भेजें और जीवन में पावती दें।\n\n` +
          `Case / केस: ${job.caseId}\nDistrict / जनपद: ${where}\nPolice station / थाना: ${job.policeStation ?? '-'}\n` +
          `Location / लोकेशन: ${f.locationSummary ?? 'see the case / केस देखें'}\nSeverity / गंभीरता: ${f.severity}\n` +
          footer,
      };
    case 'transfer':
      return {
        subject: `${drill}[Jeevan] ${job.caseId}: case transferred to ${job.toState} / केस स्थानांतरित`,
        text:
          drillLine +
          `${desk.en} transfers to you a case of a person at risk of suicide who appears to be in your state (${job.toState}). Please acknowledge.\n` +
          `${desk.hi} आपको आत्महत्या के जोखिम वाले व्यक्ति का केस स्थानांतरित करता है। कृपया पावती दें।\n\n` +
          `Case / केस: ${job.caseId}\nSeverity / गंभीरता: ${f.severity}\n\n` +
          `How to answer: reply to this e-mail with the case number in the subject, saying that you have taken the case; reply again with the outcome once your officers have reached the person. Until your acknowledgement is recorded, the sender's senior officers are alerted.\n` +
          `उत्तर कैसे दें: विषय में केस संख्या रखते हुए इस ई-मेल का उत्तर दें कि आपने केस ले लिया है; व्यक्ति तक पहुँचने के बाद परिणाम के साथ फिर उत्तर दें। पावती दर्ज होने तक भेजने वाले वरिष्ठ अधिकारियों को सूचित किया जाता है।\n` +
          footer,
      };
    case 'follow_up_reminder':
      return {
        subject: `${drill}[Jeevan] ${job.caseId}: welfare check due${code} / कुशलता जाँच देय`,
        text:
          drillLine +
          `A welfare check on the person in this case is due now. Visit or call, then record it in Jeevan.\n` +
          `इस केस के व्यक्ति की कुशलता जाँच अब देय है। मिलें या फ़ोन करें, फिर जीवन में दर्ज करें।\n\n` +
          `Case / केस: ${job.caseId}\nDistrict / जनपद: ${where}\nPolice station / थाना: ${job.policeStation ?? '-'}\n` +
          footer,
      };
    case 'workflow_stopped':
      return {
        subject: `${drill}[Jeevan] ${urgent}${job.caseId}: case workflow stopped outside Jeevan, no escalations${code} / केस वर्कफ़्लो रुका`,
        text:
          drillLine +
          `The workflow of case ${job.caseId} was ${(f.workflowStatus ?? 'stopped').toLowerCase().replace('_', ' ')} in Temporal, not by any step in Jeevan. ` +
          `The case is still open (${f.stage}), but no deadline or escalation runs for it now. Take charge of the case, and have it restarted ` +
          '(npm run reconcile -- --repair restarts it from its last state).\n' +
          `केस ${job.caseId} का वर्कफ़्लो जीवन के बाहर Temporal में रोका गया। केस अभी खुला है, पर कोई समय-सीमा या एस्केलेशन नहीं चल रहा। केस का कार्यभार लें और उसे फिर से शुरू करवाएँ।\n\n` +
          `Stage / चरण: ${f.stage}\nSeverity / गंभीरता: ${f.severity}\nDistrict / जनपद: ${where}\nOpened / खुला: ${f.openedAt}\n` +
          footer,
      };
    case 'telecom_request': {
      // To a telecom operator's nodal officer: the number, the period, the ground and the case
      // number; no name, no post, no location found so far, no link into Jeevan they cannot open.
      const t = f.telecom;
      const operator = job.telecomOperator ? TELECOM_OPERATOR_NAMES[job.telecomOperator] : '';
      return {
        subject: `${drill}[Jeevan] ${urgent}${job.caseId}: urgent location request, threat to life / तत्काल लोकेशन अनुरोध`,
        text:
          drillLine +
          `Urgent request to the nodal officer of ${operator}: a person's life is in imminent danger. Please give the current and recent location (serving cell, tower address, latitude and longitude) of the number below for the period given, and reply to this e-mail.\n` +
          `${operator} के नोडल अधिकारी से तत्काल अनुरोध: एक व्यक्ति का जीवन तत्काल खतरे में है। कृपया नीचे दिए नंबर की दी गई अवधि की वर्तमान और हाल की लोकेशन (सर्विंग सेल, टावर का पता, अक्षांश और देशांतर) बताएँ और इसी ई-मेल का उत्तर दें।\n\n` +
          `Case / केस: ${job.caseId}\nMobile number / मोबाइल नंबर: ${t?.phone ?? '-'}\n` +
          `Period / अवधि: ${t?.from ?? '-'} to / से ${t?.to ?? '-'} (UTC)\n` +
          `Legal ground / विधिक आधार: ${TELECOM_LEGAL_GROUND.en}\n${TELECOM_LEGAL_GROUND.hi}\n` +
          `Reply needed by / उत्तर इस समय तक: ${t?.replyDueAt ?? '-'}\n\n` +
          `Requested by / अनुरोधकर्ता: ${profile.requestingAgency}, duty desk. Reply to this e-mail, quoting case ${job.caseId}.\n` +
          `उत्तर इसी ई-मेल पर दें, केस ${job.caseId} का उल्लेख करते हुए।\n\n` +
          `Jeevan, ${desk.en}. Confidential: this request concerns a person in crisis; do not forward.\n` +
          `जीवन, ${desk.hi}। गोपनीय: यह अनुरोध संकट में फँसे व्यक्ति से संबंधित है; आगे न भेजें।\n`,
      };
    }
    case 'escalation': {
      const [en, hi] = WAITING[f.waitingFor ?? 'locate'];
      const final = f.final
        ? 'Automatic reminders are exhausted: a supervisor must take charge now.\nस्वचालित अनुस्मारक समाप्त: पर्यवेक्षक तुरंत कार्यभार लें।\n'
        : '';
      return {
        subject: `${drill}[Jeevan] ${urgent}ESCALATION L${job.level} ${job.caseId}: overdue${code} / विलंब`,
        text:
          drillLine +
          `Case ${job.caseId} is overdue: still waiting for ${en} (due ${f.dueAt}).\n` +
          `केस ${job.caseId} में विलंब: अभी भी ${hi} की प्रतीक्षा है (नियत समय ${f.dueAt})।\n\n` +
          enquiryLines(f.enquiry, f.dueAt) +
          final +
          `Escalation level / स्तर: ${job.level}\nDistrict / जनपद: ${where}\nStage / चरण: ${f.stage}\nSeverity / गंभीरता: ${f.severity}\nOpened / खुला: ${f.openedAt}\n` +
          footer,
      };
    }
  }
}
