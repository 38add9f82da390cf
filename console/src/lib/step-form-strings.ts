// The words of the step forms in Hindi and English: each step's button, what it does and
// what it says when done; each field's label and hint; the names of each closed list.
import type { CaseState } from '../../../contract/case.js';
import type { StepName } from '../../../contract/steps.js';
import type { Lang } from './i18n.js';
import {
  AGE_BAND_LABELS,
  GENDER_LABELS,
  label,
  NOT_LOCATED_LABELS,
  OUTCOME_LABELS,
  SEVERITY_LABELS,
} from './labels.js';
import { homeDistrict } from './profile.js';

type Two = { en: string; hi: string };
type StepText = { label: Two; intro: Two; done: Two };

const t2 = (en: string, hi: string): Two => ({ en, hi });

export const STEP_TEXT: Record<StepName, StepText> = {
  startLocating: {
    label: t2('Take the case: start locating', 'मामला लें: पता लगाना शुरू करें'),
    intro: t2('You become the operator locating this person.', 'आप इस व्यक्ति का पता लगाने वाले ऑपरेटर बनेंगे।'),
    done: t2('Locating started.', 'पता लगाना शुरू हुआ।'),
  },
  openEnquiry: {
    label: t2('Open a line of enquiry', 'नई जाँच खोलें'),
    intro: t2(
      'Telecom, Meta, family or the post itself: each enquiry has an owner and a deadline.',
      'टेलीकॉम, मेटा, परिवार या पोस्ट: हर जाँच का एक ज़िम्मेदार और एक समय-सीमा होती है।',
    ),
    done: t2('Enquiry opened.', 'जाँच खोली गई।'),
  },
  reportEnquiry: {
    label: t2("Report an enquiry's result", 'जाँच का परिणाम दर्ज करें'),
    intro: t2('What the enquiry found, and how sure it is.', 'जाँच में क्या मिला, और वह कितना पक्का है।'),
    done: t2('Enquiry result saved.', 'जाँच का परिणाम सहेजा गया।'),
  },
  locationHint: {
    label: t2('Add a location hint', 'स्थान का संकेत जोड़ें'),
    intro: t2(
      'A clue to where the person may be. It does not confirm the location.',
      'व्यक्ति कहाँ हो सकता है, इसका संकेत। इससे स्थान पुष्ट नहीं होता।',
    ),
    done: t2('Hint added.', 'संकेत जोड़ा गया।'),
  },
  markLocated: {
    label: t2('Located: confirm district and police station', 'स्थान मिला: जनपद और थाना पुष्ट करें'),
    intro: t2('Next, notify the district.', 'इसके बाद जनपद को सूचित करें।'),
    done: t2('Location confirmed.', 'स्थान पुष्ट हुआ।'),
  },
  markNotLocated: {
    label: t2('Could not locate', 'स्थान नहीं मिला'),
    intro: t2(
      'Record why the person could not be located. A supervisor reviews it.',
      'दर्ज करें कि स्थान क्यों नहीं मिला। पर्यवेक्षक इसकी समीक्षा करेंगे।',
    ),
    done: t2('Recorded as not located.', 'स्थान न मिलना दर्ज हुआ।'),
  },
  transfer: {
    label: t2('Transfer to another state', 'अन्य राज्य को स्थानांतरित करें'),
    intro: t2(
      "To a state on Jeevan: the case goes to its Jeevan, which answers back. Otherwise: e-mails that state's nodal officer. Escalation continues until they acknowledge.",
      'जीवन वाले राज्य को: केस उसके जीवन में जाता है, जो उत्तर भेजता है। अन्यथा: उस राज्य के नोडल अधिकारी को ई-मेल जाता है। पावती तक एस्केलेशन जारी रहता है।',
    ),
    done: t2('Transferred.', 'स्थानांतरित किया गया।'),
  },
  acknowledgeTransfer: {
    label: t2('Other state acknowledged', 'अन्य राज्य ने पावती दी'),
    intro: t2("The other state's nodal officer has taken the case.", 'अन्य राज्य के नोडल अधिकारी ने मामला ले लिया है।'),
    done: t2('Transfer acknowledged.', 'स्थानांतरण की पावती दर्ज हुई।'),
  },
  notifyDistrict: {
    label: t2('Notify the district', 'जनपद को सूचित करें'),
    intro: t2(
      'E-mails the district control room and the police station now, in Hindi and English.',
      'जनपद नियंत्रण कक्ष और थाने को अभी ई-मेल जाता है, हिन्दी और अंग्रेज़ी में।',
    ),
    done: t2('District notified.', 'जनपद को सूचित किया गया।'),
  },
  acknowledge: {
    label: t2('Acknowledge', 'पावती दें'),
    intro: t2(
      'Tell the SMC the alert has reached you. This stops the reminders to your seniors.',
      'एसएमसी को बताएँ कि सूचना मिल गई है। इससे वरिष्ठों को जाने वाले अनुस्मारक रुकते हैं।',
    ),
    done: t2('Acknowledged.', 'पावती दर्ज हुई।'),
  },
  dispatch: {
    label: t2('Dispatch an officer', 'अधिकारी रवाना करें'),
    intro: t2('Who is on the way: a named officer or vehicle.', 'कौन रवाना हुआ: अधिकारी का नाम या वाहन।'),
    done: t2('Dispatch recorded.', 'रवानगी दर्ज हुई।'),
  },
  arrive: {
    label: t2('Officer arrived', 'अधिकारी पहुँच गए'),
    intro: t2('An officer is at the place.', 'अधिकारी स्थान पर पहुँच गए हैं।'),
    done: t2('Arrival recorded.', 'पहुँचना दर्ज हुआ।'),
  },
  contactMade: {
    label: t2('With the person', 'व्यक्ति से संपर्क हुआ'),
    intro: t2('An officer is with the person now.', 'अधिकारी अब व्यक्ति के साथ हैं।'),
    done: t2('Contact recorded.', 'संपर्क दर्ज हुआ।'),
  },
  recordOutcome: {
    label: t2('Record the outcome', 'परिणाम दर्ज करें'),
    intro: t2('What happened, and the support arranged.', 'क्या हुआ, और क्या सहायता दी गई।'),
    done: t2('Outcome saved.', 'परिणाम सहेजा गया।'),
  },
  signOff: {
    label: t2('Sign off', 'अंतिम स्वीकृति दें'),
    intro: t2(
      'Closes the case, or starts the welfare checks after an intervention.',
      'मामला बंद करता है, या हस्तक्षेप के बाद कुशलता जाँच शुरू करता है।',
    ),
    done: t2('Signed off.', 'अंतिम स्वीकृति दी गई।'),
  },
  completeFollowUp: {
    label: t2('Welfare check done', 'कुशलता जाँच पूरी'),
    intro: t2('The result of the next welfare check.', 'अगली कुशलता जाँच का परिणाम।'),
    done: t2('Welfare check saved.', 'कुशलता जाँच सहेजी गई।'),
  },
  changeDeadline: {
    label: t2('Change the deadline', 'समय-सीमा बदलें'),
    intro: t2(
      'Moves the running deadline; the reason is kept on the timeline.',
      'चल रही समय-सीमा बदलता है; कारण टाइमलाइन पर रहता है।',
    ),
    done: t2('Deadline changed.', 'समय-सीमा बदली गई।'),
  },
  raiseSeverity: {
    label: t2('Raise severity', 'गंभीरता बढ़ाएँ'),
    intro: t2('Shortens every deadline of this case.', 'इस मामले की हर समय-सीमा छोटी हो जाती है।'),
    done: t2('Severity raised.', 'गंभीरता बढ़ाई गई।'),
  },
  reassignStation: {
    label: t2('Change the police station', 'थाना बदलें'),
    intro: t2(
      'Gives the case to another police station of the same district; the reason is kept on the timeline.',
      'मामला इसी जनपद के दूसरे थाने को सौंपता है; कारण टाइमलाइन पर रहता है।',
    ),
    done: t2('Police station changed.', 'थाना बदला गया।'),
  },
  filePlatformRequest: {
    label: t2('Filed on the platform portal', 'प्लेटफ़ॉर्म पोर्टल पर दर्ज किया'),
    intro: t2(
      "Record that the emergency disclosure request was filed on the platform's law-enforcement portal. It opens an enquiry that waits for the reply; report the reply as the enquiry's result.",
      'दर्ज करें कि आपात प्रकटीकरण अनुरोध प्लेटफ़ॉर्म के विधि-प्रवर्तन पोर्टल पर दर्ज किया गया। इससे एक जाँच खुलती है जो उत्तर की प्रतीक्षा करती है; उत्तर को जाँच के परिणाम के रूप में दर्ज करें।',
    ),
    done: t2('Platform request recorded; its enquiry is open.', 'प्लेटफ़ॉर्म अनुरोध दर्ज हुआ; उसकी जाँच खुली है।'),
  },
  requestTelecomLocation: {
    label: t2('Request location from the telecom operator', 'टेलीकॉम ऑपरेटर से लोकेशन माँगें'),
    intro: t2(
      "E-mails the operator's nodal officer the number, the period and the legal ground, and opens an enquiry that waits for the reply. Numbers move between operators: choose the one the number is with now.",
      'ऑपरेटर के नोडल अधिकारी को नंबर, अवधि और विधिक आधार ई-मेल होता है, और उत्तर की प्रतीक्षा के लिए एक जाँच खुलती है। नंबर ऑपरेटर बदलते हैं: वही ऑपरेटर चुनें जिस पर नंबर अभी है।',
    ),
    done: t2('Location request e-mailed; its enquiry is open.', 'लोकेशन अनुरोध ई-मेल हुआ; उसकी जाँच खुली है।'),
  },
  submitReview: {
    label: t2('Learning review', 'सीख समीक्षा'),
    intro: t2(
      'This case went wrong: a short, blameless review before sign-off. What delayed us, what would have saved minutes, which line of enquiry found the person.',
      'इस मामले में चूक हुई: अंतिम स्वीकृति से पहले एक छोटी, दोष-रहित समीक्षा। किस बात से देर हुई, किससे कुछ मिनट बचते, जाँच की किस दिशा से व्यक्ति मिला।',
    ),
    done: t2(
      'Learning review saved. The case can now be signed off.',
      'सीख समीक्षा सहेजी गई। अब अंतिम स्वीकृति दी जा सकती है।',
    ),
  },
  addNote: {
    label: t2('Add note', 'टिप्पणी जोड़ें'),
    intro: t2('', ''),
    done: t2('Note added.', 'टिप्पणी जोड़ी गई।'),
  },
};

/** Field labels by property name; `step.field` where one step means something else by it. */
const FIELD_LABELS: Record<string, Two> = {
  notes: t2('Notes', 'टिप्पणी'),
  kind: t2('Line of enquiry', 'जाँच का प्रकार'),
  owner: t2('Who is working on it', 'ज़िम्मेदार व्यक्ति'),
  dueInMinutes: t2('Due in (minutes)', 'समय-सीमा (मिनट में)'),
  'filePlatformRequest.dueInMinutes': t2('Reply due in (minutes)', 'उत्तर की समय-सीमा (मिनट में)'),
  'requestTelecomLocation.dueInMinutes': t2('Reply due in (minutes)', 'उत्तर की समय-सीमा (मिनट में)'),
  portalReference: t2("Portal's reference", 'पोर्टल का संदर्भ क्रमांक'),
  telecomOperator: t2('Telecom operator', 'टेलीकॉम ऑपरेटर'),
  phone: t2('Mobile number', 'मोबाइल नंबर'),
  windowHours: t2('Period (hours back from now)', 'अवधि (अभी से पीछे, घंटों में)'),
  enquiryId: t2('Enquiry', 'जाँच'),
  found: t2('A location was found', 'स्थान मिला'),
  summary: t2('What was found', 'क्या मिला'),
  'markLocated.summary': t2('Location as confirmed', 'पुष्ट स्थान'),
  'locationHint.summary': t2('Hint', 'संकेत'),
  confidence: t2('Confidence', 'विश्वसनीयता'),
  districtCode: t2('District', 'जनपद'),
  policeStation: t2('Police station (thana)', 'थाना'),
  reason: t2('Reason', 'कारण'),
  'changeDeadline.reason': t2('Reason for the change', 'बदलाव का कारण'),
  'reassignStation.policeStation': t2('New police station (thana)', 'नया थाना'),
  'reassignStation.reason': t2('Why it moves', 'थाना बदलने का कारण'),
  detail: t2('Detail', 'विवरण'),
  delayedBy: t2('What delayed us', 'किस बात से देर हुई'),
  savedMinutes: t2('What would have saved minutes', 'किससे कुछ मिनट बचते'),
  foundBy: t2('Which line of enquiry found the person', 'जाँच की किस दिशा से व्यक्ति मिला'),
  toState: t2('State (two-letter code)', 'राज्य (दो अक्षर का कोड)'),
  nodalOfficer: t2('Nodal officer (name or desk)', 'नोडल अधिकारी (नाम या डेस्क)'),
  sendNotes: t2('Send the notes with the transfer', 'नोट्स स्थानांतरण के साथ भेजें'),
  party: t2('Who acknowledges', 'कौन पावती दे रहा है'),
  unit: t2('Officer or vehicle on the way', 'रवाना अधिकारी या वाहन'),
  outcome: t2('Outcome', 'परिणाम'),
  gender: t2('Gender', 'लिंग'),
  age: t2('Age (years)', 'आयु (वर्ष)'),
  ageBand: t2('Age band', 'आयु वर्ग'),
  counselling: t2('Counselling arranged', 'परामर्श की व्यवस्था की गई'),
  helplineReferral: t2('Referred to Tele-MANAS 14416', 'टेली-मानस 14416 को संदर्भित किया'),
  n: t2('Check number', 'जाँच क्रमांक'),
  personWell: t2('The person is well', 'व्यक्ति कुशल है'),
  key: t2('Which wait', 'कौन-सी प्रतीक्षा'),
  dueAt: t2('New deadline', 'नई समय-सीमा'),
  'openEnquiry.dueAt': t2('Or due at (the time promised)', 'या इस समय तक (जो समय बताया गया)'),
  severity: t2('New severity', 'नई गंभीरता'),
};

const FIELD_HINTS: Record<string, Two> = {
  detail: t2('Required when the reason is “Other”.', 'कारण “अन्य” होने पर आवश्यक।'),
  portalReference: t2('Leave empty if the portal gave none.', 'पोर्टल ने न दिया हो तो खाली छोड़ें।'),
  phone: t2('Digits only, e.g. 9876543210.', 'केवल अंक, जैसे 9876543210।'),
  telecomOperator: t2('The operator the number is with now.', 'वह ऑपरेटर जिस पर नंबर अभी है।'),
  windowHours: t2('1 to 168 hours.', '1 से 168 घंटे।'),
  toState: t2('For example MH for Maharashtra.', 'जैसे महाराष्ट्र के लिए MH।'),
  sendNotes: t2(
    "To a state on Jeevan only: this step's notes and the case's notes go with the packet. Nothing else about the person goes.",
    'केवल जीवन वाले राज्य को: इस चरण और केस के नोट्स पैकेट के साथ जाते हैं। व्यक्ति के बारे में और कुछ नहीं जाता।',
  ),
  'reassignStation.policeStation': t2('A police station of the same district.', 'इसी जनपद का थाना।'),
  ageBand: t2('Leave empty to work it out from the age.', 'खाली छोड़ें तो आयु से तय होगा।'),
  delayedBy: t2(
    'One to five; about the process, never a person to blame.',
    'एक से पाँच; प्रक्रिया के बारे में, किसी व्यक्ति पर दोष नहीं।',
  ),
  key: t2('Leave empty for the wait whose escalation is next.', 'खाली छोड़ें: जिसकी एस्केलेशन अगली है।'),
  'openEnquiry.dueAt': t2(
    'When given, it replaces “Due in”: within 24 hours.',
    'भरने पर यही समय-सीमा होगी (“समय-सीमा (मिनट में)” के स्थान पर), 24 घंटे के भीतर।',
  ),
  'recordOutcome.outcome': t2(
    'Safe, hospitalised and no risk need “With the person” first.',
    'सुरक्षित, अस्पताल और कोई जोखिम नहीं के लिए पहले “व्यक्ति से संपर्क” दर्ज करें।',
  ),
};

export const ENQUIRY_KIND_LABELS: Record<string, Two> = {
  telecom_lookup: t2('Telecom lookup', 'टेलीकॉम जाँच'),
  meta_data: t2("Meta's data", 'मेटा का डेटा'),
  meta_emergency_request: t2('Emergency request to Meta', 'मेटा को आपात अनुरोध'),
  family_contacts: t2('Family and contacts', 'परिवार और संपर्क'),
  post_clues: t2('Clues in the post', 'पोस्ट में सुराग'),
  other: t2('Other', 'अन्य'),
};

export const TELECOM_OPERATOR_LABELS: Record<string, Two> = {
  jio: t2('Reliance Jio', 'रिलायंस जियो'),
  airtel: t2('Bharti Airtel', 'भारती एयरटेल'),
  vi: t2('Vodafone Idea (Vi)', 'वोडाफ़ोन आइडिया (Vi)'),
  bsnl: t2('BSNL', 'बीएसएनएल'),
};

export const DELAY_REASON_LABELS: Record<string, Two> = {
  incomplete_alert_data: t2("The alert's data was incomplete", 'अलर्ट का डेटा अधूरा था'),
  phone_switched_off: t2("The person's phone was switched off", 'व्यक्ति का फ़ोन बंद था'),
  operator_reply_slow: t2('The telecom operator replied slowly', 'टेलीकॉम ऑपरेटर ने देर से उत्तर दिया'),
  platform_reply_slow: t2('The platform (Meta) replied slowly', 'प्लेटफ़ॉर्म (मेटा) ने देर से उत्तर दिया'),
  dense_area: t2('A dense area: hard to find the house', 'घनी आबादी: घर ढूँढना कठिन'),
  wrong_district: t2('The case went to the wrong district first', 'मामला पहले गलत जनपद को गया'),
  district_ack_slow: t2('The district acknowledged slowly', 'जनपद ने देर से पावती दी'),
  no_vehicle: t2('No vehicle or officer free', 'कोई वाहन या अधिकारी उपलब्ध नहीं'),
  other_state: t2('The person was in another state', 'व्यक्ति दूसरे राज्य में था'),
  mail_or_contact_wrong: t2('An e-mail address or contact was wrong', 'कोई ई-मेल पता या संपर्क गलत था'),
  other: t2('Other', 'अन्य'),
};

/** Which line found the person: the lines of enquiry, or none. */
export const FOUND_BY_LABELS: Record<string, Two> = {
  ...ENQUIRY_KIND_LABELS,
  not_found: t2('No line of enquiry found the person', 'जाँच की किसी दिशा से व्यक्ति नहीं मिला'),
};

export const ACK_PARTY_LABELS: Record<string, Two> = {
  control_room: t2('District control room', 'जनपद नियंत्रण कक्ष'),
  police_station: t2('Police station', 'थाना'),
};

export const CONFIDENCE_LABELS: Record<string, Two> = {
  '0': t2('0 · unknown', '0 · अज्ञात'),
  '1': t2('1 · district only', '1 · केवल जनपद'),
  '2': t2('2 · locality or police station area', '2 · इलाका या थाना क्षेत्र'),
  '3': t2('3 · confirmed address', '3 · पुष्ट पता'),
};

export function fieldLabel(step: StepName, key: string, lang: Lang): string {
  return (FIELD_LABELS[`${step}.${key}`] ?? FIELD_LABELS[key])?.[lang] ?? key;
}

export function fieldHint(step: StepName, key: string, lang: Lang): string | undefined {
  return (FIELD_HINTS[`${step}.${key}`] ?? FIELD_HINTS[key])?.[lang];
}

export function districtName(code: string | null | undefined, lang: Lang): string {
  if (!code) return '—';
  const d = homeDistrict(code);
  return d ? `${lang === 'hi' ? d.nameHi : d.nameEn} (${code})` : code;
}

/** The name of one choice of a closed list, in the reader's language. */
export function optionLabel(step: StepName, key: string, value: string, lang: Lang, c: CaseState): string {
  switch (key) {
    case 'districtCode':
      return districtName(value, lang);
    case 'confidence':
      return CONFIDENCE_LABELS[value]?.[lang] ?? value;
    case 'kind':
      return ENQUIRY_KIND_LABELS[value]?.[lang] ?? value;
    case 'party':
      return ACK_PARTY_LABELS[value]?.[lang] ?? value;
    case 'telecomOperator':
      return TELECOM_OPERATOR_LABELS[value]?.[lang] ?? value;
    case 'outcome':
      return label(OUTCOME_LABELS, value, lang);
    case 'gender':
      return label(GENDER_LABELS, value, lang);
    case 'ageBand':
      return label(AGE_BAND_LABELS, value, lang);
    case 'severity':
      return label(SEVERITY_LABELS, value, lang);
    case 'reason':
      return step === 'markNotLocated' ? label(NOT_LOCATED_LABELS, value, lang) : value;
    case 'delayedBy':
      return DELAY_REASON_LABELS[value]?.[lang] ?? value;
    case 'foundBy':
      return FOUND_BY_LABELS[value]?.[lang] ?? value;
    case 'enquiryId': {
      const e = c.locating.enquiries.find((x) => x.id === value);
      return e ? `${e.id} · ${ENQUIRY_KIND_LABELS[e.kind]?.[lang] ?? e.kind} · ${e.owner}` : value;
    }
    default:
      return value;
  }
}
