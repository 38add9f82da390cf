// A refused or failed step in plain words. The API's own message (the workflow's precise
// reason) is always shown too; this adds the sentence a tired officer needs first.
import type { ApiError } from './api.js';
import { defineStrings, fill, type Lang } from './i18n.js';
import { label, STAGE_LABELS } from './labels.js';

export const REFUSAL = defineStrings(
  {
    movedOn:
      'The case has moved on: it is now “{stage}”, so this step can no longer be taken. The page shows the latest state.',
    alreadyDone: 'Someone has already done this. The page shows the latest state.',
    supervisor: 'Only an SMC supervisor may do this.',
    closed: 'The case is closed; nothing more can be changed.',
    refused: 'The case did not accept this step.',
    invalid: 'Some answers need correcting.',
    forbidden: 'Your role may not take this step on this case.',
    notFound: 'This case was not found, or it is not in your districts.',
    signedOut: 'Your session has ended. Sign in again; nothing was saved.',
    network: 'The server could not be reached. Nothing was saved; check the connection and try again.',
    unavailable: 'The system is busy or restarting. Nothing was saved; try again in a moment.',
    failed: 'This step could not be saved.',
    reason: 'Reason given:',
  },
  {
    movedOn: 'मामला आगे बढ़ चुका है: अब यह “{stage}” है, इसलिए यह चरण नहीं लिया जा सकता। पेज पर नवीनतम स्थिति दिख रही है।',
    alreadyDone: 'यह काम कोई और पहले ही कर चुका है। पेज पर नवीनतम स्थिति दिख रही है।',
    supervisor: 'यह केवल एसएमसी पर्यवेक्षक कर सकते हैं।',
    closed: 'मामला बंद है; अब कुछ नहीं बदला जा सकता।',
    refused: 'मामले ने यह चरण स्वीकार नहीं किया।',
    invalid: 'कुछ उत्तर ठीक करने होंगे।',
    forbidden: 'आपकी भूमिका इस मामले पर यह चरण नहीं ले सकती।',
    notFound: 'यह मामला नहीं मिला, या आपके जनपदों का नहीं है।',
    signedOut: 'आपका सत्र समाप्त हो गया है। फिर से साइन इन करें; कुछ सहेजा नहीं गया।',
    network: 'सर्वर से संपर्क नहीं हो सका। कुछ सहेजा नहीं गया; कनेक्शन जाँचें और फिर प्रयास करें।',
    unavailable: 'सिस्टम व्यस्त है या फिर से शुरू हो रहा है। कुछ सहेजा नहीं गया; थोड़ी देर में फिर प्रयास करें।',
    failed: 'यह चरण सहेजा नहीं जा सका।',
    reason: 'बताया गया कारण:',
  },
);

/** The headline sentence for an API error, in the reader's language. */
export function refusalHeadline(error: ApiError, lang: Lang): string {
  const s = REFUSAL[lang];
  if (error.status === 409) {
    const moved = /is not allowed while the case is (\w+)/.exec(error.message);
    if (moved) return fill(s.movedOn, { stage: label(STAGE_LABELS, moved[1], lang) });
    if (/\balready\b/.test(error.message)) return s.alreadyDone;
    if (/needs an SMC supervisor/.test(error.message)) return s.supervisor;
    if (/is closed/.test(error.message)) return s.closed;
    return s.refused;
  }
  if (error.status === 400) return s.invalid;
  if (error.status === 403) return s.forbidden;
  if (error.status === 404) return s.notFound;
  if (error.status === 401) return s.signedOut;
  if (error.status === 0) return s.network;
  if (error.status === 503 || error.status === 429) return s.unavailable;
  return s.failed;
}
