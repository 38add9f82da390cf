// The console's shell: signs in, keeps the session and language, and routes to the pages.
import { useEffect, useMemo, useState } from 'preact/hooks';
import { Layout } from './components/layout.js';
import { api, onSignedOut } from './lib/api.js';
import { LANGUAGES, type Lang, LangContext } from './lib/i18n.js';
import type { PageProps } from './lib/page-props.js';
import { selectState } from './lib/profile.js';
import { match, navigate, useLocation } from './lib/router.js';
import { type Me, type Session, SessionContext } from './lib/session.js';
import { BoardPage } from './pages/board.js';
import { CasePage } from './pages/case.js';
import { DirectoryPage } from './pages/directory.js';
import { LoginPage } from './pages/login.js';
import { NewAlertPage } from './pages/new-alert.js';
import { NotFoundPage } from './pages/not-found.js';
import { PoliciesPage } from './pages/policies.js';
import { ReportsPage } from './pages/reports.js';

/** Every page, by console path. Nav links and role checks live in components/layout.tsx. */
const ROUTES: { pattern: string; page: (props: PageProps) => preact.JSX.Element | null }[] = [
  { pattern: '/', page: BoardPage },
  { pattern: '/cases/:id', page: CasePage },
  { pattern: '/new-alert', page: NewAlertPage },
  { pattern: '/reports', page: ReportsPage },
  { pattern: '/directory', page: DirectoryPage },
  { pattern: '/policies', page: PoliciesPage },
];

const LANG_KEY = 'jeevan.language';

function initialLanguage(): Lang {
  const stored = localStorage.getItem(LANG_KEY);
  if (stored && (LANGUAGES as readonly string[]).includes(stored)) return stored as Lang;
  return navigator.language.toLowerCase().startsWith('hi') ? 'hi' : 'en';
}

export function App() {
  const [me, setMe] = useState<Me | null | undefined>(undefined);
  /** The session is known: the state the API serves first, so pages show its districts. */
  const signedIn = (m: Me) => {
    selectState(m.state);
    setMe(m);
  };
  const [lang, setLang] = useState<Lang>(initialLanguage);
  const { path, search } = useLocation();

  useEffect(() => {
    api.get<Me>('/auth/me').then(signedIn, () => setMe(null));
    return onSignedOut(() => setMe(null));
  }, []);

  // The user's remembered language wins over this browser's.
  useEffect(() => {
    if (me?.language && (LANGUAGES as readonly string[]).includes(me.language)) setLang(me.language);
  }, [me?.language]);
  useEffect(() => {
    localStorage.setItem(LANG_KEY, lang);
    document.documentElement.lang = lang;
  }, [lang]);

  const session = useMemo<Session | undefined>(
    () =>
      me
        ? {
            me,
            setLanguage: (language) => {
              setLang(language);
              setMe({ ...me, language });
              api.put('/auth/me/language', { language }).catch(() => {
                /* kept in this browser; the server copy is retried on the next switch */
              });
            },
            signOut: () => {
              api.post('/auth/logout').finally(() => {
                setMe(null);
                navigate('/', { replace: true });
              });
            },
          }
        : undefined,
    [me],
  );

  if (me === undefined) return <div class="loading" aria-busy="true" />;
  if (!session)
    return (
      <LangContext.Provider value={lang}>
        <LoginPage onSignedIn={signedIn} lang={lang} setLang={setLang} />
      </LangContext.Provider>
    );

  let content: preact.JSX.Element | null = null;
  for (const route of ROUTES) {
    const params = match(route.pattern, path);
    if (params) {
      const Page = route.page;
      content = <Page key={route.pattern + JSON.stringify(params)} params={params} search={search} />;
      break;
    }
  }
  return (
    <LangContext.Provider value={lang}>
      <SessionContext.Provider value={session}>
        <Layout path={path}>{content ?? <NotFoundPage params={{}} search={search} />}</Layout>
      </SessionContext.Provider>
    </LangContext.Provider>
  );
}
