// The e-mails' Hindi strings: the keys of en.ts, each in Hindi. A subject's Hindi part is
// short and carries no values (the English part before it has them); a label or sentence
// takes the same values as its English one.
import type { MailStrings } from './en.js';

export const hi: MailStrings = {
  subjectDistrictNotification: () => 'जीवन: तुरंत कार्रवाई करें',
  subjectTransfer: () => 'केस स्थानांतरित',
  subjectFollowUp: () => 'कुशलता जाँच देय',
  subjectWorkflowStopped: () => 'केस वर्कफ़्लो रुका',
  subjectTelecom: () => 'तत्काल लोकेशन अनुरोध',
  subjectEscalation: () => 'विलंब',

  case: 'केस',
  district: 'जनपद',
  districtUnknown: 'जनपद अभी ज्ञात नहीं',
  policeStation: 'थाना',
  location: 'लोकेशन',
  seeTheCase: 'केस देखें',
  severity: 'गंभीरता',
  stage: 'चरण',
  opened: 'खुला',
  escalationLevel: 'स्तर',
  enquiry: 'जाँच',
  owner: 'ज़िम्मेदार',
  openSince: 'कब से',
  runningFor: (min) => `${min} मिनट से जारी`,
  mobileNumber: 'मोबाइल नंबर',
  period: 'अवधि',
  periodTo: 'से',
  legalGround: 'विधिक आधार',
  replyNeededBy: 'उत्तर इस समय तक',
  requestedBy: 'अनुरोधकर्ता',
  openCase: 'केस खोलें',
  drill: 'अभ्यास: यह कृत्रिम डेटा वाला अभ्यास है।',

  signature: (desk) => `जीवन, ${desk}। आगे न भेजें: यह संदेश संकट में फँसे व्यक्ति से संबंधित है।`,
  telecomSignature: (desk) => `जीवन, ${desk}। गोपनीय: यह अनुरोध संकट में फँसे व्यक्ति से संबंधित है; आगे न भेजें।`,
  districtNotification: 'आपके क्षेत्र में आत्महत्या के जोखिम वाले व्यक्ति की लोकेशन मिली है। तुरंत टीम भेजें और जीवन में पावती दें।',
  transferIntro: (desk) => `${desk} आपको आत्महत्या के जोखिम वाले व्यक्ति का केस स्थानांतरित करता है। कृपया पावती दें।`,
  transferHowToAnswer:
    'उत्तर कैसे दें: विषय में केस संख्या रखते हुए इस ई-मेल का उत्तर दें कि आपने केस ले लिया है; व्यक्ति तक पहुँचने के बाद परिणाम के साथ फिर उत्तर दें। पावती दर्ज होने तक भेजने वाले वरिष्ठ अधिकारियों को सूचित किया जाता है।',
  followUp: 'इस केस के व्यक्ति की कुशलता जाँच अब देय है। मिलें या फ़ोन करें, फिर जीवन में दर्ज करें।',
  workflowStopped: (caseId) =>
    `केस ${caseId} का वर्कफ़्लो जीवन के बाहर Temporal में रोका गया। केस अभी खुला है, पर कोई समय-सीमा या एस्केलेशन नहीं चल रहा। केस का कार्यभार लें और उसे फिर से शुरू करवाएँ।`,
  telecomRequest: (operator) =>
    `${operator} के नोडल अधिकारी से तत्काल अनुरोध: एक व्यक्ति का जीवन तत्काल खतरे में है। कृपया नीचे दिए नंबर की दी गई अवधि की वर्तमान और हाल की लोकेशन (सर्विंग सेल, टावर का पता, अक्षांश और देशांतर) बताएँ और इसी ई-मेल का उत्तर दें।`,
  telecomReply: (_agency, caseId) => `उत्तर इसी ई-मेल पर दें, केस ${caseId} का उल्लेख करते हुए।`,
  overdue: (caseId, waitingFor, dueAt) => `केस ${caseId} में विलंब: अभी भी ${waitingFor} की प्रतीक्षा है (नियत समय ${dueAt})।`,
  remindersExhausted: 'स्वचालित अनुस्मारक समाप्त: पर्यवेक्षक तुरंत कार्यभार लें।',

  waiting: {
    locate: 'व्यक्ति की लोकेशन',
    enquiry: 'जाँच की एक दिशा का परिणाम',
    notify: 'जनपद को सूचना',
    review: 'लोकेशन न मिलने वाले केस पर निर्णय',
    transfer_ack: 'दूसरे राज्य की पावती',
    acknowledge: 'जनपद द्वारा पावती',
    arrive: 'पुलिस का मौके पर पहुँचना',
    outcome: 'परिणाम',
    sign_off: 'पर्यवेक्षक की स्वीकृति',
    follow_up: 'कुशलता जाँच',
    learning_review: 'साइन-ऑफ से पहले सीख समीक्षा',
  },
};
