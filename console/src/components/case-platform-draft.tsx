// The emergency disclosure request to the platform, drafted from the case: the operator copies
// it into the platform's law-enforcement portal, then records the filing with the step
// "Filed on the platform portal". The text is English (it goes to a platform); the page's own
// words are in the reader's language.
import { useState } from 'preact/hooks';
import type { CaseState } from '../../../contract/case.js';
import { OPS } from '../../../contract/roles.js';
import { type ApiError, api } from '../lib/api.js';
import { defineStrings, useT } from '../lib/i18n.js';
import { hasRole, useSession } from '../lib/session.js';
import { ErrorNotice } from './notice.js';

const S = defineStrings(
  {
    title: 'Emergency request to the platform',
    draft: 'Draft emergency request',
    hide: 'Hide the draft',
    intro:
      "Copy this text into the platform's law-enforcement portal. It carries only the account, the period, the ground and the case number. Then record it with “Filed on the platform portal”.",
    copy: 'Copy the text',
    copied: 'Copied.',
    copyFailed: 'Could not copy: select the text and copy it.',
    textLabel: 'Request text (English)',
  },
  {
    title: 'प्लेटफ़ॉर्म को आपात अनुरोध',
    draft: 'आपात अनुरोध का मसौदा',
    hide: 'मसौदा छिपाएँ',
    intro:
      'यह पाठ प्लेटफ़ॉर्म के विधि-प्रवर्तन पोर्टल में कॉपी करें। इसमें केवल खाता, अवधि, आधार और केस संख्या है। फिर “प्लेटफ़ॉर्म पोर्टल पर दर्ज किया” से इसे दर्ज करें।',
    copy: 'पाठ कॉपी करें',
    copied: 'कॉपी हो गया।',
    copyFailed: 'कॉपी नहीं हो सका: पाठ चुनकर कॉपी करें।',
    textLabel: 'अनुरोध का पाठ (अंग्रेज़ी)',
  },
);

interface Draft {
  subject: string;
  text: string;
}

export function CasePlatformDraft(props: { state: CaseState }) {
  const t = useT(S);
  const { me } = useSession();
  const [draft, setDraft] = useState<Draft | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [status, setStatus] = useState('');
  if (props.state.stage !== 'locating' || !hasRole(me, ...OPS)) return null;

  const load = async () => {
    setError(null);
    try {
      setDraft(await api.get<Draft>(`/cases/${props.state.caseId}/requests/platform-draft`));
    } catch (e) {
      setError(e as ApiError);
    }
  };
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(draft?.text ?? '');
      setStatus(t('copied'));
    } catch {
      setStatus(t('copyFailed'));
    }
  };
  return (
    <section class="card case-platform-draft" aria-labelledby="platform-draft-title">
      <h2 id="platform-draft-title">{t('title')}</h2>
      <button type="button" class="secondary" onClick={() => (draft ? setDraft(null) : void load())}>
        {draft ? t('hide') : t('draft')}
      </button>
      <ErrorNotice error={error} />
      {draft && (
        <>
          <p>{t('intro')}</p>
          <label for="platform-draft-text">{t('textLabel')}</label>
          <textarea id="platform-draft-text" readOnly rows={16} lang="en" value={draft.text} />
          <button type="button" onClick={() => void copy()}>
            {t('copy')}
          </button>
          <p role="status">{status}</p>
        </>
      )}
    </section>
  );
}
