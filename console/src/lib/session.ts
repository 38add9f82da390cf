// Who is signed in, what they may do, and their language.
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Lang } from './i18n.js';

export interface Me {
  userId: string;
  username: string;
  roles: string[];
  districts: string[];
  via: string;
  language?: Lang;
  /** The instance's state: its profile's districts and names (lib/profile.ts). */
  state?: string;
}

export interface Session {
  me: Me;
  setLanguage: (language: Lang) => void;
  signOut: () => void;
}

export const SessionContext = createContext<Session | undefined>(undefined);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside a signed-in page');
  return session;
}

export const HQ_ROLES = ['smc_operator', 'smc_supervisor', 'auditor'];

export function hasRole(me: Me, ...roles: string[]): boolean {
  return me.roles.some((r) => roles.includes(r));
}
