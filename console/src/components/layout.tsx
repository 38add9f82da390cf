import type { ComponentChildren } from 'preact';
import { defineStrings, type Lang, useLang, useT } from '../lib/i18n.js';
import { label, ROLE_LABELS } from '../lib/labels.js';
import { hasRole, useSession } from '../lib/session.js';
import { Link } from './link.js';

const S = defineStrings(
  {
    skip: 'Skip to the content',
    board: 'Cases',
    newAlert: 'New alert',
    reports: 'Reports',
    directory: 'Directory',
    policies: 'Escalation policy',
    signOut: 'Sign out',
    language: 'Language',
    mainNav: 'Main',
  },
  {
    skip: 'सामग्री पर जाएँ',
    board: 'मामले',
    newAlert: 'नया अलर्ट',
    reports: 'रिपोर्ट',
    directory: 'निर्देशिका',
    policies: 'एस्केलेशन नीति',
    signOut: 'साइन आउट',
    language: 'भाषा',
    mainNav: 'मुख्य',
  },
);

/** Which roles see which nav entry; the API enforces the same on every call. */
const NAV: { to: string; key: 'board' | 'newAlert' | 'reports' | 'directory' | 'policies'; roles?: string[] }[] = [
  { to: '/', key: 'board' },
  { to: '/new-alert', key: 'newAlert', roles: ['smc_operator', 'smc_supervisor'] },
  { to: '/reports', key: 'reports', roles: ['smc_operator', 'smc_supervisor', 'senior_officer', 'auditor'] },
  { to: '/directory', key: 'directory', roles: ['smc_supervisor', 'admin'] },
  { to: '/policies', key: 'policies', roles: ['smc_supervisor', 'admin', 'auditor'] },
];

export function LanguageSwitch(props: { value: Lang; onChange: (l: Lang) => void }) {
  const t = useT(S);
  return (
    <fieldset class="lang-switch">
      <legend class="sr-only">{t('language')}</legend>
      <button type="button" lang="en" aria-pressed={props.value === 'en'} onClick={() => props.onChange('en')}>
        English
      </button>
      <button type="button" lang="hi" aria-pressed={props.value === 'hi'} onClick={() => props.onChange('hi')}>
        हिन्दी
      </button>
    </fieldset>
  );
}

export function Layout(props: { path: string; children: ComponentChildren }) {
  const t = useT(S);
  const lang = useLang();
  const { me, setLanguage, signOut } = useSession();
  const current = (to: string) =>
    to === '/' ? props.path === '/' || props.path.startsWith('/cases') : props.path.startsWith(to);
  return (
    <>
      <a class="skip-link" href="#main">
        {t('skip')}
      </a>
      <header class="top">
        <Link to="/" class="brand">
          <span lang="hi">जीवन</span> Jeevan
        </Link>
        <nav aria-label={t('mainNav')}>
          <ul>
            {NAV.filter((n) => !n.roles || hasRole(me, ...n.roles)).map((n) => (
              <li key={n.to}>
                <Link to={n.to} aria-current={current(n.to) ? 'page' : undefined}>
                  {t(n.key)}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <div class="who">
          <span class="user">
            {me.username} · {me.roles.map((r) => label(ROLE_LABELS, r, lang)).join(', ')}
            {me.districts.length > 0 && ` · ${me.districts.join(', ')}`}
          </span>
          <LanguageSwitch value={lang} onChange={setLanguage} />
          <button type="button" class="link-button" onClick={signOut}>
            {t('signOut')}
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {props.children}
      </main>
    </>
  );
}
