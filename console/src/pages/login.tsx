import { useState } from 'preact/hooks';
import { Field } from '../components/field.js';
import { LanguageSwitch } from '../components/layout.js';
import { ErrorNotice } from '../components/notice.js';
import { type ApiError, api } from '../lib/api.js';
import { defineStrings, type Lang, useT } from '../lib/i18n.js';
import type { Me } from '../lib/session.js';

const S = defineStrings(
  {
    title: 'Sign in to Jeevan',
    lead: 'Social Media Center and district police console.',
    username: 'Username',
    password: 'Password',
    submit: 'Sign in',
    busy: 'Signing in…',
  },
  {
    title: 'जीवन में साइन इन करें',
    lead: 'सोशल मीडिया सेंटर और जनपद पुलिस कंसोल।',
    username: 'उपयोगकर्ता नाम',
    password: 'पासवर्ड',
    submit: 'साइन इन',
    busy: 'साइन इन हो रहा है…',
  },
);

export function LoginPage(props: { onSignedIn: (me: Me) => void; lang: Lang; setLang: (l: Lang) => void }) {
  const t = useT(S);
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const result = await api.post<{ user: Me }>('/auth/login', { username, password });
      props.onSignedIn(result.user);
    } catch (e) {
      setError(e as ApiError);
    } finally {
      setBusy(false);
    }
  };

  return (
    <main id="main" class="login">
      <form class="card login-card" onSubmit={submit} aria-labelledby="login-title">
        <div class="login-head">
          <h1 id="login-title">
            <span lang="hi">जीवन</span> · {t('title')}
          </h1>
          <LanguageSwitch value={props.lang} onChange={props.setLang} />
        </div>
        <p class="muted">{t('lead')}</p>
        <ErrorNotice error={error} />
        <Field label={t('username')} required>
          {(a) => (
            <input
              {...a}
              name="username"
              autoComplete="username"
              autoCapitalize="none"
              required
              value={username}
              onInput={(e) => setUsername(e.currentTarget.value)}
            />
          )}
        </Field>
        <Field label={t('password')} required>
          {(a) => (
            <input
              {...a}
              name="password"
              type="password"
              autoComplete="current-password"
              required
              value={password}
              onInput={(e) => setPassword(e.currentTarget.value)}
            />
          )}
        </Field>
        <button type="submit" class="primary" disabled={busy}>
          {busy ? t('busy') : t('submit')}
        </button>
      </form>
    </main>
  );
}
