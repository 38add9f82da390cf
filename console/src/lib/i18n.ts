// Hindi and English. Each page keeps its own strings next to it (defineStrings) so pages
// can be written side by side; labels.ts holds the names of the domain's closed lists.
// The language is the signed-in user's, remembered on the server (PUT /auth/me/language).
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';

export const LANGUAGES = ['en', 'hi'] as const;
export type Lang = (typeof LANGUAGES)[number];

export interface Strings<K extends string> {
  en: Record<K, string>;
  hi: Record<K, string>;
}

/** Both languages must define every key (the type checker holds them to it). */
export function defineStrings<K extends string>(en: Record<K, string>, hi: Record<NoInfer<K>, string>): Strings<K> {
  return { en, hi };
}

export const LangContext = createContext<Lang>('en');

export function useLang(): Lang {
  return useContext(LangContext);
}

export type Translate<K extends string> = (key: K, params?: Record<string, string | number>) => string;

/** `t('key', { n: 3 })` fills {n} in the current language's text. */
export function useT<K extends string>(strings: Strings<K>): Translate<K> {
  const lang = useLang();
  return (key, params) => fill(strings[lang][key] ?? strings.en[key] ?? key, params);
}

export function fill(text: string, params?: Record<string, string | number>): string {
  if (!params) return text;
  // Own keys only: `{toString}` in a text is left as written, not filled from Object's prototype.
  return text.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.hasOwn(params, name) ? String(params[name]) : whole,
  );
}
