// The e-mails' strings, one file per language Jeevan has (domain/profiles/profile.ts
// LANGUAGES). Adding a language: a file of en.ts's keys, and its code in LANGUAGES; the
// type below then asks for it here.
import type { Lang } from '../../domain/profiles/index.js';
import { en, type MailStrings } from './en.js';
import { hi } from './hi.js';

export { type MailStrings, SUBJECT_TAGS, type SubjectVars } from './en.js';

export const MAIL_STRINGS: Readonly<Record<Lang, MailStrings>> = { en, hi };
